// An archived course on the LMS page, through a real launch: a student reads their past result but
// cannot submit a new attempt, and the teacher gets no link code; both in core's archived sentence,
// with nothing stored.
import { saveQuiz } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../../test/support/fake-lti-platform.ts";
import { formFields, getPage, postForm, textOf } from "./testing/page-client.ts";
import { startTestLti, type TestLti } from "./testing/start-test-lti.ts";

const teacher = { sub: "teacher-arch", name: "Tess Teacher", roles: [INSTRUCTOR] };
const early = { sub: "student-arch-1", name: "Ada Early", roles: [LEARNER] };
const late = { sub: "student-arch-2", name: "Lou Late", roles: [LEARNER] };
const context = { id: "ctx-arch", title: "Geology 201" };
const ARCHIVED = '"Geology 201" is archived, so it is read-only';

let lti: TestLti;
let canvas: FakeLtiPlatform;
let courseId: string;
let quizId: string;
let teacherUrl: string;
const db = () => lti.database.prisma;

beforeAll(async () => {
  lti = await startTestLti();
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  teacherUrl = (await canvas.launch({ user: teacher, context })).url;
  courseId = (await db().courseSpace.findFirstOrThrow({ where: { externalId: context.id } })).courseId;
  ({ quizId } = await saveQuiz(db(), {
    courseId,
    title: "Rocks",
    origin: "AUTHORED",
    approved: true,
    questions: [{ kind: "TRUE_FALSE", prompt: "Granite is igneous.", answer: true }],
  }));
}, 300_000);
afterAll(async () => {
  await canvas?.close();
  await lti?.close();
});

/** The student's quiz page, reached from their launch. */
async function quizPageOf(user: typeof early): Promise<string> {
  const launched = await canvas.launch({ user, context });
  const link = [...launched.body.matchAll(/href="([^"]+)"/g)]
    .map((m) => m[1]!.replace(/&amp;/g, "&"))
    .find((href) => new URL(href).pathname.endsWith(`/learn/quizzes/${quizId}`));
  if (!link) throw new Error("no link to the quiz");
  return link;
}

/** Submits the quiz form on `page`, answering "True". */
async function submitQuiz(page: string) {
  const body = (await getPage(page)).body;
  const { action, fields } = formFields(body, `/learn/quizzes/${quizId}`);
  const question = await db().question.findFirstOrThrow({ where: { quizId } });
  return postForm(action, { ...fields, [`q-${question.id}`]: "0" });
}

describe("an archived course on the LMS page", { timeout: 300_000 }, () => {
  it("keeps past results readable, refuses a new attempt and a link code, storing nothing", async () => {
    const earlyPage = await quizPageOf(early);
    const first = await submitQuiz(earlyPage);
    expect(first.status).toBe(303);
    const latePage = await quizPageOf(late);
    // The late student opened the quiz before the archiving; the teacher's code form is on their page.
    const lateForm = formFields((await getPage(latePage)).body, `/learn/quizzes/${quizId}`);
    const codeForm = formFields((await getPage(teacherUrl)).body, "/course/space-code");

    const archive = formFields((await getPage(teacherUrl)).body, "/course/archive");
    expect((await postForm(archive.action, archive.fields)).status).toBe(303);

    const question = await db().question.findFirstOrThrow({ where: { quizId } });
    const refused = await postForm(lateForm.action, { ...lateForm.fields, [`q-${question.id}`]: "0" });
    expect(refused.status).toBe(409);
    expect(textOf(refused.body)).toContain(ARCHIVED);
    expect(await db().quizResult.count({ where: { courseId } })).toBe(1);
    expect(await db().quizSession.count({ where: { courseId } })).toBe(1);

    const past = textOf((await getPage(earlyPage)).body);
    expect(past).toContain("Your result: 100%");
    // Opened now, the quiz says why it cannot be taken instead of offering a form that would be refused.
    const shown = await getPage(latePage);
    expect(textOf(shown.body)).toContain(ARCHIVED);
    expect(shown.body).not.toContain("Submit my answers");

    const code = await postForm(codeForm.action, codeForm.fields);
    expect(code.status).toBe(409);
    expect(textOf(code.body)).toContain(ARCHIVED);
    expect(await db().linkCode.count({ where: { courseId } })).toBe(0);
  });
});
