// A quiz taken inside the LMS page, through the real ltijs against the fake platform: the student's
// list, the form, one submit (a second shows the stored result), the result with answers, explanations
// and sources, and the score the grades job posts to the LMS gradebook.
import { createJobRunner, GRADEBOOK_QUEUE, ingestMaterial, saveQuiz, silentLogger } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../../test/support/fake-lti-platform.ts";
import { formFields, getPage, textOf } from "./testing/page-client.ts";
import { startTestLti, type TestLti } from "./testing/start-test-lti.ts";

const teacher = { sub: "teacher-q", name: "Tess Teacher", roles: [INSTRUCTOR] };
const student = { sub: "student-q", name: "Sam Student", roles: [LEARNER] };
const context = { id: "ctx-quiz", title: "Biology" };

let lti: TestLti;
let canvas: FakeLtiPlatform;
let courseId: string;
let quizId: string;
let teacherUrl: string;
beforeAll(async () => {
  lti = await startTestLti();
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  teacherUrl = (await canvas.launch({ user: teacher, context })).url;
  courseId = (await db().courseSpace.findFirstOrThrow({ where: { externalId: context.id } })).courseId;
  await ingestMaterial(
    {
      courseId,
      data: new TextEncoder().encode("# Cells\n\nMitochondria produce ATP."),
      fileName: "cells.md",
    },
    lti.deps.ingest,
  );
  const chunk = await db().materialChunk.findFirstOrThrow({ where: { courseId } });
  ({ quizId } = await saveQuiz(db(), {
    courseId,
    title: "Organelles",
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
      { kind: "SHORT_TEXT", prompt: "The cell's control centre?", acceptedAnswers: ["nucleus"] },
      { kind: "NUMERIC", prompt: "How many membranes wrap a mitochondrion?", numericAnswer: 2, tolerance: 0 },
    ],
  }));
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

describe("a quiz taken in the LMS page", () => {
  let quizPage: string;
  let answers: Record<string, string | string[]>;

  it("is listed for the student and shows every question with a label, never the answers", async () => {
    const launched = await canvas.launch({ user: student, context });
    expect(textOf(launched.body)).toMatch(/Quizzes Organelles \(5 questions\) Not taken yet/);
    quizPage = linkTo(launched.body, `/learn/quizzes/${quizId}`);
    const page = await getPage(quizPage);
    expect(page.status).toBe(200);
    const questions = await db().question.findMany({ where: { quizId }, orderBy: { position: "asc" } });
    for (const q of questions) expect(page.body).toMatch(new RegExp(`<label for="q-${q.id}(-\\d)?">`));
    expect(page.body).toContain(`type="checkbox" name="q-${questions[1]!.id}"`);
    expect(page.body).toContain(`type="text" inputmode="decimal" name="q-${questions[4]!.id}"`);
    expect(page.body).not.toContain("Mitochondria run cellular respiration.");
    const [q1, q2, q3, q4, q5] = questions.map((q) => `q-${q.id}`);
    answers = { [q1!]: "1", [q2!]: ["0", "2"], [q3!]: "0", [q4!]: "The Nucleus!", [q5!]: "" };
  });

  it("grades the submit once, shows answers with explanation and source, and schedules the gradebook", async () => {
    const { action, fields } = formFields((await getPage(quizPage)).body, `/learn/quizzes/${quizId}`);
    const body = new URLSearchParams(fields);
    for (const [name, value] of Object.entries(answers)) for (const v of [value].flat()) body.append(name, v);
    const post = () =>
      fetch(action, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: body.toString(),
        redirect: "manual",
      });
    const first = await post();
    expect(first.status).toBe(303);
    const result = textOf((await getPage(first.headers.get("location")!)).body);
    // 1 + 0 (one right, one wrong pick) + 1 + 1 + 0 (blank) out of 5.
    expect(result).toContain("Your result: 60%");
    expect(result).toContain("3 correct, 0 partly correct, 1 not correct, 1 not answered");
    expect(result).toMatch(
      /Which organelle makes ATP\? ✓ Correct\. Your answer: B\. Mitochondria\. Correct answer: B\. Mitochondria Mitochondria run cellular respiration\. Source: Cells/,
    );
    expect(result).toMatch(/How many membranes wrap a mitochondrion\? ✗ Not answered\. Correct answer: 2/);

    const second = await post();
    expect(second.status).toBe(303);
    const again = textOf((await getPage(second.headers.get("location")!)).body);
    expect(again).toContain("You already submitted this quiz");
    expect(again).toContain("Your result: 60%");
    const results = await db().quizResult.findMany({ where: { courseId } });
    expect(results).toHaveLength(1);
    expect(await db().scheduledJob.count({ where: { key: `grades:${results[0]!.sessionId}` } })).toBe(1);

    const list = await getPage(linkTo((await getPage(quizPage)).body, "/learn"));
    expect(textOf(list.body)).toContain("Organelles (5 questions) Taken: 60%");
  });

  it("posts the score to the LMS gradebook when the grades job runs", async () => {
    const handler = lti.frontEnd.jobHandlers[GRADEBOOK_QUEUE];
    expect(handler).toBeDefined();
    const runner = createJobRunner({
      db: db(),
      logger: silentLogger(),
      handlers: { [GRADEBOOK_QUEUE]: handler! },
    });
    expect(await runner.runDue()).toBe(1);
    const score = canvas.scores.find((s) => s.body.userId === student.sub);
    expect(score?.body).toMatchObject({ scoreGiven: 60, scoreMaximum: 100, gradingProgress: "FullyGraded" });
    const sent = await db().ltiScore.findFirstOrThrow({ where: { subject: student.sub } });
    expect(sent.status).toBe("SENT");
  });

  it("shows staff the percentage correct per question as a labelled chart and a table", async () => {
    const results = await getPage(
      linkTo((await getPage(teacherUrl)).body, `/course/quizzes/${quizId}/results`),
    );
    expect(results.status).toBe(200);
    expect(results.body).toMatch(/<svg role="img" aria-labelledby="rate-chart-title rate-chart-desc"/);
    expect(results.body).toContain('<title id="rate-chart-title">Percentage correct per question</title>');
    const text = textOf(results.body);
    expect(text).toContain("Question 1: 100% correct; Question 2: 0% correct");
    expect(text).toMatch(/Q1\. Which organelle makes ATP\? 100% 1 of 1/);
    expect(text).toMatch(/Q5\. How many membranes wrap a mitochondrion\? 0% 0 of 1/);
    expect(text).toMatch(/Sam Student LMS page 60%/);
    expect(text).toMatch(/LMS gradebook Sent: 1/);
  });

  it("keeps drafts out of students' reach", async () => {
    const { quizId: draftId } = await saveQuiz(db(), {
      courseId,
      title: "Secret draft",
      origin: "GENERATED",
      questions: [{ kind: "TRUE_FALSE", prompt: "Drafts are secret.", answer: true }],
    });
    const page = await getPage(quizPage.replace(quizId, draftId));
    expect(page.status).toBe(404);
  });
});
