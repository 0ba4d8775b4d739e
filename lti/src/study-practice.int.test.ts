// Solo practice in the LMS page, through the real ltijs against the fake platform: the Study area from
// the student page, a run with instant feedback (explanation, a source linking to its passage), a
// multiple-select question answered by the page's form, "Save as card", Retry missed, best and last in
// the list and the history, and nothing sent towards the gradebook.
import { ingestMaterial, saveQuiz } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../../test/support/fake-lti-platform.ts";
import { formFields, getPage, type PageResponse, postForm, textOf } from "./testing/page-client.ts";
import { startTestLti, type TestLti } from "./testing/start-test-lti.ts";
import { clickButton, pageButtons } from "./testing/study-buttons.ts";

const teacher = { sub: "teacher-practice", name: "Tess Teacher", roles: [INSTRUCTOR] };
const student = { sub: "student-practice", name: "Sam Student", roles: [LEARNER] };
const context = { id: "ctx-practice", title: "Cell biology" };

let lti: TestLti;
let canvas: FakeLtiPlatform;
let courseId: string;
let quizId: string;
let materialId: string;
let studentHome: string;

beforeAll(async () => {
  lti = await startTestLti();
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  await canvas.launch({ user: teacher, context });
  courseId = (await db().courseSpace.findFirstOrThrow({ where: { externalId: context.id } })).courseId;
  ({
    material: { id: materialId },
  } = await ingestMaterial(
    {
      courseId,
      data: new TextEncoder().encode("# Cells\n\n## Mitochondria\n\nMitochondria produce ATP."),
      fileName: "cells.md",
    },
    lti.deps.ingest,
  ));
  const chunk = await db().materialChunk.findFirstOrThrow({ where: { courseId } });
  ({ quizId } = await saveQuiz(db(), {
    courseId,
    title: "Organelles",
    topic: "Cells",
    origin: "AUTHORED",
    approved: true,
    questions: [
      {
        kind: "SINGLE_CHOICE",
        prompt: "Which organelle makes ATP?",
        choices: ["Nucleus", "Mitochondria", "Golgi"],
        correctChoices: [1],
        explanation: "Mitochondria run cellular respiration.",
        sourceChunkId: chunk.id,
      },
      {
        kind: "MULTIPLE_SELECT",
        prompt: "Which hold DNA?",
        choices: ["Nucleus", "Mitochondria", "Vacuole"],
        correctChoices: [0, 1],
      },
      { kind: "TRUE_FALSE", prompt: "Cells have membranes.", answer: true },
    ],
  }));
  studentHome = (await canvas.launch({ user: student, context })).url;
});
afterAll(async () => {
  await canvas?.close();
  await lti?.close();
});

function db() {
  return lti.database.prisma;
}

function linkTo(body: string, pathEnd: string): string {
  const link = [...body.matchAll(/href="([^"]+)"/g)]
    .map((m) => m[1]!.replace(/&amp;/g, "&"))
    .find((href) => new URL(href).pathname.endsWith(pathEnd));
  if (!link) throw new Error(`no link to …${pathEnd}`);
  return link;
}

async function practicePage(): Promise<PageResponse> {
  const home = await getPage(studentHome);
  const study = await getPage(linkTo(home.body, "/study"));
  expect(study.status).toBe(200);
  return getPage(linkTo(study.body, "/study/practice"));
}

describe("practice on the LMS page", () => {
  let feedback: PageResponse;

  it("lists the approved quiz with no score yet, reached from the student page", async () => {
    const page = await practicePage();
    expect(page.status).toBe(200);
    expect(textOf(page.body)).toMatch(/Organelles \(Cells\) 3 0 — —/);
    expect(textOf(page.body)).toContain("Practice never goes to the gradebook.");
  });

  it("gives instant feedback with the explanation and a source that links to its passage", async () => {
    const { action, fields } = formFields((await practicePage()).body, "/study/practice/start");
    const question = await postForm(action, { ...fields, clock: "" });
    expect(question.status).toBe(200);
    expect(textOf(question.body)).toMatch(/Organelles · question 1 of 3 Which organelle makes ATP\?/);
    expect(question.body).not.toContain("Time left");

    feedback = await clickButton(question.body, "A. Nucleus");
    expect(feedback.status).toBe(200);
    const text = textOf(feedback.body);
    expect(text).toContain("Not quite.");
    expect(text).toMatch(/Correct answer B\. Mitochondria/);
    expect(text).toContain("Mitochondria run cellular respiration.");
    const source = /<a class="citation" href="([^"]+)">Cells/.exec(feedback.body);
    expect(source).not.toBeNull();
    expect(new URL(source![1]!.replace(/&amp;/g, "&")).pathname).toBe(`/lti/learn/materials/${materialId}`);
  });

  it("saves the question as a card and offers the way back into the run", async () => {
    const saved = await clickButton(feedback.body, "Save as card");
    expect(saved.status).toBe(200);
    expect(textOf(saved.body)).toContain("Saved as a card");
    const next = await clickButton(saved.body, "Continue practising");
    expect(textOf(next.body)).toMatch(/question 2 of 3 Which hold DNA\?/);
    feedback = next;
  });

  it("answers a multiple-select question with the page's form", async () => {
    const respond = await clickButton(feedback.body, "Answer");
    expect(respond.status).toBe(303);
    const form = await getPage(respond.location!);
    expect(form.status).toBe(200);
    expect(form.body).toContain('type="checkbox" name="choice"');
    const { action, fields } = formFields(form.body, "/1");
    const body = new URLSearchParams(fields);
    body.append("choice", "0");
    body.append("choice", "1");
    const answered = await fetch(action, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: body.toString(),
      redirect: "manual",
    });
    const html = await answered.text();
    expect(answered.status).toBe(200);
    expect(textOf(html)).toContain("Right!");
    const last = await clickButton(await clickButton(html, "Next").then((r) => r.body), "True");
    feedback = last;
    const text = textOf(last.body);
    expect(text).toMatch(/Score 67% \(2 of 3 right\)/);
    expect(text).toMatch(/Missed 1/);
  });

  it("retries only the missed question, and the list keeps best and last of whole runs", async () => {
    const retry = await clickButton(feedback.body, /Retry missed/);
    expect(textOf(retry.body)).toMatch(
      /Organelles \(missed questions\) · question 1 of 1 Which organelle makes ATP\?/,
    );
    const done = await clickButton(retry.body, "B. Mitochondria");
    expect(textOf(done.body)).toContain("Right!");

    const page = await practicePage();
    const text = textOf(page.body);
    expect(text).toMatch(/Organelles \(Cells\) 3 1 67% 67%/);
    expect(text).toMatch(/By topic .*Cells 1 1 67% 67%/);
    expect(text).toMatch(/Recent runs .*Organelles \(missed questions\) 100% 1 of 1/);
    const history = await getPage(linkTo(page.body, `/study/practice/history/${quizId}`));
    expect(textOf(history.body)).toContain("Best 67%, last 67% over 1 run.");
  });

  it("never reaches the gradebook: no quiz result, no score job", async () => {
    expect(await db().quizResult.count({ where: { courseId } })).toBe(0);
    expect(await db().scheduledJob.count({ where: { key: { startsWith: "grades:" } } })).toBe(0);
    expect(await db().practiceRun.count({ where: { courseId } })).toBe(2);
  });

  it("refuses a study button posted without the page's CSRF token, changing nothing", async () => {
    const button = pageButtons(feedback.body).find((b) => b.label.startsWith("Retry"));
    const { csrf: _csrf, ...withoutCsrf } = button!.fields;
    const refused = await postForm(button!.url, withoutCsrf);
    expect(refused.status).toBe(403);
    expect(await db().practiceRun.count({ where: { courseId } })).toBe(2);
  });
});
