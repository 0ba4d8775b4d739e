// Study guides and writing practice in the LMS page, offline (the local AI: an extractive guide and
// structural feedback, each saying so), through the real ltijs against the fake platform: a guide asked
// for by topic, its citations linking to their passages, Markdown and PDF downloads, its progress as JSON
// and its reuse; a prompt set by staff with a rubric, a submission over the limit refused with the text
// kept, a submission's scores and feedback, and everyone's submissions for staff.
import { ingestMaterial } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../../test/support/fake-lti-platform.ts";
import { formFields, getPage, type PageResponse, postForm, textOf } from "./testing/page-client.ts";
import { startTestLti, type TestLti } from "./testing/start-test-lti.ts";
import { clickButton } from "./testing/study-buttons.ts";

const teacher = { sub: "teacher-guides", name: "Tess Teacher", roles: [INSTRUCTOR] };
const student = { sub: "student-guides", name: "Sam Student", roles: [LEARNER] };
const context = { id: "ctx-guides", title: "Cell biology" };

let lti: TestLti;
let canvas: FakeLtiPlatform;
let courseId: string;
let materialId: string;
let teacherHome: string;
let studentHome: string;

beforeAll(async () => {
  lti = await startTestLti();
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  teacherHome = (await canvas.launch({ user: teacher, context })).url;
  courseId = (await db().courseSpace.findFirstOrThrow({ where: { externalId: context.id } })).courseId;
  ({
    material: { id: materialId },
  } = await ingestMaterial(
    {
      courseId,
      data: new TextEncoder().encode(
        "# Cells\n\n## Mitochondria\n\nMitochondria produce ATP for the cell. The mitochondrion is wrapped in two membranes.\n\n## Nucleus\n\nThe nucleus holds the cell's DNA. Chromatin is DNA wound around proteins.",
      ),
      fileName: "cells.md",
    },
    lti.deps.ingest,
  ));
  studentHome = (await canvas.launch({ user: student, context })).url;
});
afterAll(async () => {
  await canvas?.close();
  await lti?.close();
});

function db() {
  return lti.database.prisma;
}

function linkTo(body: string, pathEnd: string | RegExp): string {
  const link = [...body.matchAll(/href="([^"]+)"/g)]
    .map((m) => m[1]!.replace(/&amp;/g, "&"))
    .find((href) => {
      const path = new URL(href).pathname;
      return typeof pathEnd === "string" ? path.endsWith(pathEnd) : pathEnd.test(path);
    });
  if (!link) throw new Error(`no link to …${String(pathEnd)}`);
  return link;
}

/**
 * The guide a request led to: its own page, or (when it was still being written as the page answered)
 * the list, where it is linked.
 */
async function guideOf(location: string): Promise<string> {
  if (/\/study\/guides\/[0-9a-f-]{36}$/.test(new URL(location).pathname)) return location;
  return linkTo((await getPage(location)).body, /\/study\/guides\/[0-9a-f-]{36}$/);
}

async function studyPage(home: string, area: string): Promise<PageResponse> {
  const study = await getPage(linkTo((await getPage(home)).body, "/study"));
  return getPage(linkTo(study.body, `/study/${area}`));
}

describe("study guides on the LMS page", () => {
  let guideUrl: string;

  it("writes a guide for a topic, says it is extractive, and links each citation to its passage", async () => {
    const page = await studyPage(studentHome, "guides");
    expect(textOf(page.body)).toContain("No study guides yet.");
    const { action, fields } = formFields(page.body, "/study/guides");
    const asked = await postForm(action, { ...fields, topic: "mitochondria", week: "" });
    expect(asked.status).toBe(303);
    guideUrl = await guideOf(asked.location!);
    const guide = await getPage(guideUrl);
    expect(guide.status).toBe(200);
    expect(textOf(guide.body)).toContain("extractively");
    const citations = [...guide.body.matchAll(/<a class="citation" href="([^"]+)">/g)].map((m) =>
      m[1]!.replace(/&amp;/g, "&"),
    );
    expect(citations.length).toBeGreaterThan(0);
    for (const href of citations) {
      expect(new URL(href).pathname).toBe(`/lti/learn/materials/${materialId}`);
      expect(new URL(href).hash).toMatch(/^#section-/);
    }
  });

  it("offers the guide as Markdown and PDF downloads, and its progress as JSON", async () => {
    const guide = await getPage(guideUrl);
    const md = await fetch(linkTo(guide.body, /\/download\/md$/));
    expect(md.status).toBe(200);
    expect(md.headers.get("content-disposition")).toMatch(/^attachment; filename=".+\.md"/);
    expect(await md.text()).toMatch(/^# /);
    const pdf = await fetch(linkTo(guide.body, /\/download\/pdf$/));
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe("%PDF-");
    const guideId = new URL(guideUrl).pathname.split("/").pop()!;
    const progress = await fetch(
      `${lti.toolUrl}/study/guides/${guideId}/progress?ltik=${new URL(guideUrl).searchParams.get("ltik")}`,
    );
    const body = (await progress.json()) as { status: string; done: number; total: number };
    expect(body.status).toBe("READY");
    expect(body.done).toBe(body.total);
  });

  it("keeps the guide for the course: the teacher's same request opens it again", async () => {
    const page = await studyPage(teacherHome, "guides");
    expect(textOf(page.body)).toMatch(/Guides of this course .*mitochondria/i);
    const { action, fields } = formFields(page.body, "/study/guides");
    const asked = await postForm(action, { ...fields, topic: "mitochondria" });
    expect(new URL(await guideOf(asked.location!)).pathname).toBe(new URL(guideUrl).pathname);
    expect(await db().studyGuide.count({ where: { courseId } })).toBe(1);
  });
});

describe("writing practice on the LMS page", () => {
  let formUrl: string;

  it("refuses a rubric of two criteria in core's words, and sets one of three", async () => {
    const page = await studyPage(teacherHome, "writing");
    const { action, fields } = formFields(page.body, "/study/writing");
    const prompt = {
      ...fields,
      title: "Explain energy in the cell",
      prompt: "Explain how mitochondria supply the cell with energy.",
    };
    const two = new URLSearchParams(prompt);
    for (const name of ["Accuracy", "Use of terms", ""]) two.append("criterionName", name);
    const refused = await fetch(action, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: two.toString(),
      redirect: "manual",
    });
    expect(refused.status).toBe(400);
    expect(textOf(await refused.text())).toMatch(/3/);
    expect(await db().writingPrompt.count({ where: { courseId } })).toBe(0);

    const three = new URLSearchParams(prompt);
    for (const name of ["Accuracy", "Use of terms", "Clarity"]) three.append("criterionName", name);
    const set = await fetch(action, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: three.toString(),
      redirect: "manual",
    });
    expect(set.status).toBe(303);
    expect(textOf((await getPage(set.headers.get("location")!)).body)).toContain("The prompt is set.");
  });

  it("opens the prompt's form for a student, with the limit shown", async () => {
    const page = await studyPage(studentHome, "writing");
    const open = await clickButton(page.body, /Write|Explain energy/);
    expect(open.status).toBe(303);
    formUrl = open.location!;
    const form = await getPage(formUrl);
    expect(textOf(form.body)).toContain("At most 10,000 characters.");
    expect(textOf(form.body)).toContain("Accuracy, Use of terms, Clarity");
  });

  it("refuses writing over the limit, keeping the text, and stores nothing", async () => {
    const { action, fields } = formFields((await getPage(formUrl)).body, new URL(formUrl).pathname);
    const long = "Mitochondria make ATP. ".repeat(600);
    const refused = await postForm(action, { ...fields, text: long });
    expect(refused.status).toBe(400);
    expect(textOf(refused.body)).toMatch(/10,000/);
    expect(refused.body).toContain("Mitochondria make ATP. Mitochondria make ATP.");
    expect(await db().writingSubmission.count()).toBe(0);
  });

  it("gives structural feedback offline, saying nothing was scored, and keeps it for the student and staff", async () => {
    const { action, fields } = formFields((await getPage(formUrl)).body, new URL(formUrl).pathname);
    const text =
      "Mitochondria produce ATP for the cell. They are wrapped in two membranes, and the energy they make powers the cell's work.";
    const result = await postForm(action, { ...fields, text });
    expect(result.status).toBe(200);
    const shown = textOf(result.body);
    // Offline, core judges structure only and says so: no criterion is scored.
    expect(shown).toContain("Not scored: content was not judged (no AI model).");
    expect(shown).toMatch(/Key terms used \(\d of \d\): mitochondria, ATP/);
    expect(shown).toContain("Next step:");
    expect(await db().writingSubmission.count()).toBe(1);

    const mine = await getPage(
      linkTo((await studyPage(studentHome, "writing")).body, "/study/writing/results"),
    );
    expect(textOf(mine.body)).toContain("Explain energy in the cell");
    const all = await getPage(
      linkTo((await studyPage(teacherHome, "writing")).body, "/study/writing/results"),
    );
    expect(textOf(all.body)).toContain("Sam Student");
  });
});
