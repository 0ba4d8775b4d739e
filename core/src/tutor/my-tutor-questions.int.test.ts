// A person's own questions to the tutor, as the LMS page lists and opens them: newest first, each with
// its own question (found through the answer's UsageLog row, since a question and its answer share a
// timestamp), a withheld question as its placeholder, and nobody else's answer by any id.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCourse, studentActor } from "../../../test/support/course-fixtures.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import type { Database } from "../db/open-database.ts";
import { isAppError } from "../errors/app-error.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { WITHHELD_QUESTION_CONTENT } from "./conversation-memory.ts";
import { LMS_THREAD_KEY, listMyTutorQuestions, readMyTutorQuestion } from "./my-tutor-questions.ts";

const student = studentActor("U-MINE-1");
const classmate = studentActor("U-MINE-2");
const elsewhere = studentActor("U-MINE-3");
let database: Database;
let courseId: string;
let otherCourseId: string;
const answers: Record<string, string> = {};

const at = (minute: number) => new Date(Date.UTC(2026, 2, 10, 9, minute));

/** One turn as askTutor writes it: question and answer at the same moment, the answer naming its log row. */
async function turn(
  who: typeof student,
  course: string,
  threadKey: string,
  minute: number,
  question: string,
  answer: string,
) {
  const db = database.prisma;
  const { userId } = await resolveUser(db, who);
  const conversation = await db.conversation.upsert({
    where: { userId_courseId_threadKey: { userId, courseId: course, threadKey } },
    create: { userId, courseId: course, platform: "LTI", threadKey },
    update: {},
  });
  const log = await db.usageLog.create({
    data: {
      userId,
      courseId: course,
      platform: "LTI",
      question: question === WITHHELD_QUESTION_CONTENT ? "" : question,
      answered: true,
      latencyMs: 1,
      model: "m",
      retrieved: [],
      createdAt: at(minute),
    },
  });
  await db.message.create({
    data: { conversationId: conversation.id, role: "USER", content: question, createdAt: at(minute) },
  });
  const message = await db.message.create({
    data: {
      conversationId: conversation.id,
      role: "ASSISTANT",
      content: answer,
      citations: [{ n: 1, materialId: "m1", chunkId: "c1", title: "Cells", anchor: "Mitochondria" }],
      usageLogId: log.id,
      createdAt: at(minute),
    },
  });
  return message.id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  courseId = (await seedCourse(database.prisma, "Mine Course", [student, classmate])).id;
  otherCourseId = (await seedCourse(database.prisma, "Other Course", [elsewhere, student])).id;
  answers.first = await turn(student, courseId, LMS_THREAD_KEY, 1, "What is ATP?", "Energy [1].");
  answers.withheld = await turn(
    student,
    courseId,
    LMS_THREAD_KEY,
    2,
    WITHHELD_QUESTION_CONTENT,
    "Calm reply.",
  );
  answers.latest = await turn(student, courseId, LMS_THREAD_KEY, 3, "Where is it made?", "Mitochondria [1].");
  answers.chat = await turn(student, courseId, "slack:C1:123", 4, "Asked in Slack", "Elsewhere.");
  answers.classmate = await turn(classmate, courseId, LMS_THREAD_KEY, 5, "Classmate's question", "Theirs.");
  answers.otherCourse = await turn(student, otherCourseId, LMS_THREAD_KEY, 6, "Other course", "Other.");
});
afterAll(async () => {
  await database?.close();
});

describe("listMyTutorQuestions", () => {
  it("lists the person's own turns in one conversation of the course, newest first, with their questions", async () => {
    const mine = await listMyTutorQuestions(database.prisma, {
      actor: student,
      courseId,
      threadKey: LMS_THREAD_KEY,
    });
    expect(mine.map((q) => [q.question, q.answer])).toEqual([
      ["Where is it made?", "Mitochondria [1]."],
      [WITHHELD_QUESTION_CONTENT, "Calm reply."],
      ["What is ATP?", "Energy [1]."],
    ]);
    expect(mine[0]!.citations).toEqual([
      { n: 1, materialId: "m1", chunkId: "c1", title: "Cells", anchor: "Mitochondria" },
    ]);
  });

  it("caps the list", async () => {
    const mine = await listMyTutorQuestions(database.prisma, {
      actor: student,
      courseId,
      threadKey: LMS_THREAD_KEY,
      limit: 1,
    });
    expect(mine.map((q) => q.id)).toEqual([answers.latest]);
  });

  it("refuses a person not enrolled in the course", async () => {
    const refused = await listMyTutorQuestions(database.prisma, {
      actor: elsewhere,
      courseId,
      threadKey: LMS_THREAD_KEY,
    }).catch((error: unknown) => error);
    expect(isAppError(refused)).toBe(true);
  });
});

describe("readMyTutorQuestion", () => {
  it("opens one of the person's answers in the course, from any of their conversations", async () => {
    const turn = await readMyTutorQuestion(database.prisma, {
      actor: student,
      courseId,
      answerId: answers.chat!,
    });
    expect(turn).toMatchObject({ question: "Asked in Slack", answer: "Elsewhere." });
  });

  it.each([
    ["a classmate's answer", () => answers.classmate!],
    ["the person's answer in another course", () => answers.otherCourse!],
    ["the question rather than the answer", () => "00000000-0000-4000-8000-000000000000"],
    ["a malformed id", () => "not-a-uuid"],
  ])("answers not found for %s", async (_name, id) => {
    const refused = await readMyTutorQuestion(database.prisma, {
      actor: student,
      courseId,
      answerId: id(),
    }).catch((error: unknown) => error);
    expect(isAppError(refused)).toBe(true);
    expect(refused).toMatchObject({
      code: "not_found",
      userMessage: "That question is not one of yours in this course.",
    });
  });
});
