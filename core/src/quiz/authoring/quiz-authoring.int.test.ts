import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../../test/support/test-database.ts";
import { createCourse } from "../../courses/create-course.ts";
import { ensureEnrollment } from "../../courses/enrollments.ts";
import type { Database } from "../../db/open-database.ts";
import type { Actor } from "../../people/actor.ts";
import { resolveUser } from "../../people/resolve-user.ts";
import { quizForEditing, updateQuestion } from "../manage-quizzes.ts";
import { addQuestion } from "./add-question.ts";
import { createQuiz } from "./create-quiz.ts";
import { deleteQuestion } from "./delete-question.ts";
import { moveQuestion, reorderQuestions } from "./move-question.ts";
import { writeChatQuiz } from "./write-chat-quiz.ts";

const teacher: Actor = { platform: "SLACK", tenant: "T1", externalId: "UTEACH", displayName: "Teacher" };
const student: Actor = { platform: "SLACK", tenant: "T1", externalId: "USTU", displayName: "Student" };
let database: Database;
let courseId: string;
let otherCourseId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.prisma;
  courseId = (await createCourse(db, { name: "Chemistry" })).id;
  otherCourseId = (await createCourse(db, { name: "History" })).id;
  for (const [actor, role] of [
    [teacher, "STAFF"],
    [student, "STUDENT"],
  ] as const) {
    const { userId } = await resolveUser(db, actor);
    await ensureEnrollment(db, { courseId, userId, role, source: "MANUAL" });
  }
}, 120_000);
afterAll(() => database.close());

const EVERY_KIND = [
  {
    kind: "SINGLE_CHOICE",
    prompt: "Which is a noble gas?",
    choices: ["Neon", "Iron", "Salt"],
    correctChoices: [0],
    hint: "Think of signs that glow.",
    explanation: "Neon is in group 18.",
    points: 500,
    timeLimitSec: 30,
  },
  {
    kind: "MULTIPLE_SELECT",
    prompt: "Which are acids?",
    choices: ["Vinegar", "Lemon juice", "Soap"],
    correctChoices: [1, 0],
  },
  { kind: "TRUE_FALSE", prompt: "Water boils at 100 °C at sea level.", answer: true },
  { kind: "SHORT_TEXT", prompt: "Symbol of gold?", acceptedAnswers: ["Au"] },
  { kind: "NUMERIC", prompt: "pH of pure water?", numericAnswer: 7, tolerance: 0.5 },
];

const questions = async (quizId: string) =>
  (await quizForEditing(database.prisma, { actor: teacher, courseId, quizId })).questions;
const prompts = async (quizId: string) => (await questions(quizId)).map((q) => `${q.position}:${q.prompt}`);

async function answered(quizId: string, position: number): Promise<void> {
  const db = database.prisma;
  const question = await db.question.findFirstOrThrow({ where: { quizId, position } });
  const { userId } = await resolveUser(db, student);
  const hostUserId = (await resolveUser(db, teacher)).userId;
  const session = await db.quizSession.create({
    data: {
      courseId,
      quizId,
      platform: "SLACK",
      tenant: "T1",
      spaceId: "C1",
      hostUserId,
      options: {},
      state: "FINISHED",
    },
  });
  await db.answer.create({
    data: {
      sessionId: session.id,
      questionId: question.id,
      userId,
      choices: [0],
      correct: true,
      credit: 1,
      latencyMs: 900,
    },
  });
}

describe("writing a quiz by hand", () => {
  it("stores every question kind with hint, explanation, points and time, in order", async () => {
    const made = await createQuiz(database.prisma, {
      actor: teacher,
      courseId,
      title: " Elements ",
      questions: EVERY_KIND,
    });
    expect(made).toMatchObject({ title: "Elements", questions: 5, status: "DRAFT" });
    const stored = await questions(made.quizId);
    expect(stored.map((q) => [q.position, q.kind])).toEqual([
      [0, "SINGLE_CHOICE"],
      [1, "MULTIPLE_SELECT"],
      [2, "TRUE_FALSE"],
      [3, "SHORT_TEXT"],
      [4, "NUMERIC"],
    ]);
    expect(stored[0]).toMatchObject({
      hint: "Think of signs that glow.",
      explanation: "Neon is in group 18.",
      points: 500,
      timeLimitSec: 30,
    });
    expect(stored[1]?.correctChoices).toEqual([0, 1]);
    expect(stored[2]).toMatchObject({ choices: ["True", "False"], correctChoices: [0] });
    expect(stored[3]?.acceptedAnswers).toEqual(["Au"]);
    expect(stored[4]).toMatchObject({ numericAnswer: 7, tolerance: 0.5 });
    const quiz = await database.prisma.quiz.findUniqueOrThrow({ where: { id: made.quizId } });
    expect(quiz).toMatchObject({ origin: "AUTHORED", status: "DRAFT" });
    expect(
      await database.prisma.auditEntry.count({ where: { action: "quiz.written", targetId: made.quizId } }),
    ).toBe(1);
  });

  it("starts an empty draft and adds questions of every kind at the end", async () => {
    const { quizId } = await createQuiz(database.prisma, { actor: teacher, courseId, title: "Built up" });
    for (const [i, q] of EVERY_KIND.entries())
      expect(await addQuestion(database.prisma, { actor: teacher, courseId, quizId, question: q })).toEqual({
        position: i,
      });
    expect((await questions(quizId)).map((q) => q.kind)).toEqual(EVERY_KIND.map((q) => q.kind));
  });

  it("refuses bad questions field by field, naming the question, and stores nothing", async () => {
    const db = database.prisma;
    const before = await db.quiz.count();
    const bad = [
      [
        { kind: "MULTIPLE_SELECT", prompt: "Acids?", choices: ["A", "B"], correctChoices: [] },
        "Question 2: Mark at least one correct choice.",
      ],
      [
        { kind: "SINGLE_CHOICE", prompt: "One?", choices: ["Only"], correctChoices: [0] },
        "Question 2: Give at least 2 choices.",
      ],
      [
        { kind: "SINGLE_CHOICE", prompt: "Same?", choices: ["Yes", "yes"], correctChoices: [0] },
        "Question 2: Choices must be different from each other.",
      ],
      [
        { kind: "SHORT_TEXT", prompt: "Gold?", acceptedAnswers: [] },
        "Question 2: Give at least one accepted answer.",
      ],
      [
        { kind: "NUMERIC", prompt: "pH?", numericAnswer: 7, tolerance: -1 },
        "Question 2: The accepted difference must be a number, 0 or more.",
      ],
      [
        { kind: "TRUE_FALSE", prompt: " ", answer: true, timeLimitSec: 2 },
        "Question 2: Write the question. Time must be a whole number of seconds from 5 to 300.",
      ],
    ] as const;
    for (const [question, message] of bad)
      await expect(
        createQuiz(db, { actor: teacher, courseId, title: "Bad", questions: [EVERY_KIND[2], question] }),
      ).rejects.toMatchObject({ code: "invalid_input", userMessage: message });
    await expect(createQuiz(db, { actor: teacher, courseId, title: "  " })).rejects.toMatchObject({
      userMessage: "Give the quiz a title.",
    });
    expect(await db.quiz.count()).toBe(before);
  });

  it("is for staff of the course only", async () => {
    const db = database.prisma;
    await expect(createQuiz(db, { actor: student, courseId, title: "Mine" })).rejects.toMatchObject({
      code: "forbidden",
    });
    const { quizId } = await createQuiz(db, {
      actor: teacher,
      courseId,
      title: "Theirs",
      questions: EVERY_KIND,
    });
    await expect(
      addQuestion(db, { actor: student, courseId, quizId, question: EVERY_KIND[0] }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(deleteQuestion(db, { actor: student, courseId, quizId, position: 0 })).rejects.toMatchObject(
      { code: "forbidden" },
    );
    await expect(
      moveQuestion(db, { actor: student, courseId, quizId, position: 0, direction: "down" }),
    ).rejects.toMatchObject({ code: "forbidden" });
    const { userId } = await resolveUser(db, teacher);
    await ensureEnrollment(db, { courseId: otherCourseId, userId, role: "STAFF", source: "MANUAL" });
    await expect(
      deleteQuestion(db, { actor: teacher, courseId: otherCourseId, quizId, position: 0 }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(await questions(quizId)).toHaveLength(5);
  });
});

describe("editing a quiz's questions", () => {
  it("deletes a question and closes the gap; moves questions up and down; positions stay 0..n-1", async () => {
    const db = database.prisma;
    const { quizId } = await createQuiz(db, {
      actor: teacher,
      courseId,
      title: "Order",
      questions: EVERY_KIND.slice(0, 4),
    });
    await deleteQuestion(db, { actor: teacher, courseId, quizId, position: 1 });
    expect(await prompts(quizId)).toEqual([
      "0:Which is a noble gas?",
      "1:Water boils at 100 °C at sea level.",
      "2:Symbol of gold?",
    ]);
    expect(
      await moveQuestion(db, { actor: teacher, courseId, quizId, position: 2, direction: "up" }),
    ).toEqual({ position: 1 });
    expect(await prompts(quizId)).toEqual([
      "0:Which is a noble gas?",
      "1:Symbol of gold?",
      "2:Water boils at 100 °C at sea level.",
    ]);
    await moveQuestion(db, { actor: teacher, courseId, quizId, position: 0, direction: "down" });
    expect(await prompts(quizId)).toEqual([
      "0:Symbol of gold?",
      "1:Which is a noble gas?",
      "2:Water boils at 100 °C at sea level.",
    ]);
    await expect(
      moveQuestion(db, { actor: teacher, courseId, quizId, position: 0, direction: "up" }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      userMessage: "Question 1 is already the first.",
    });
    const ids = (await questions(quizId)).map((q) => q.id);
    await reorderQuestions(db, {
      actor: teacher,
      courseId,
      quizId,
      questionIds: [ids[2]!, ids[0]!, ids[1]!],
    });
    expect(await prompts(quizId)).toEqual([
      "0:Water boils at 100 °C at sea level.",
      "1:Symbol of gold?",
      "2:Which is a noble gas?",
    ]);
    await expect(
      reorderQuestions(db, { actor: teacher, courseId, quizId, questionIds: [ids[0]!, ids[0]!, ids[1]!] }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    await expect(deleteQuestion(db, { actor: teacher, courseId, quizId, position: 7 })).rejects.toMatchObject(
      { code: "not_found" },
    );
    expect(await prompts(quizId)).toEqual([
      "0:Water boils at 100 °C at sea level.",
      "1:Symbol of gold?",
      "2:Which is a noble gas?",
    ]);
  });

  it("edits a question's hint and time, and refuses an invalid edit without changing it", async () => {
    const db = database.prisma;
    const { quizId } = await createQuiz(db, {
      actor: teacher,
      courseId,
      title: "Hints",
      questions: [EVERY_KIND[3]],
    });
    await updateQuestion(db, {
      actor: teacher,
      courseId,
      quizId,
      position: 0,
      question: {
        kind: "SHORT_TEXT",
        prompt: "Symbol of gold?",
        acceptedAnswers: ["Au"],
        hint: "Latin: aurum",
        timeLimitSec: 45,
      },
    });
    expect((await questions(quizId))[0]).toMatchObject({ hint: "Latin: aurum", timeLimitSec: 45 });
    await expect(
      updateQuestion(db, {
        actor: teacher,
        courseId,
        quizId,
        position: 0,
        question: { kind: "SHORT_TEXT", prompt: "x", acceptedAnswers: [] },
      }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    expect((await questions(quizId))[0]).toMatchObject({ prompt: "Symbol of gold?", hint: "Latin: aurum" });
  });

  it("keeps answered questions and the order of a played quiz, but still adds at the end", async () => {
    const db = database.prisma;
    const { quizId } = await createQuiz(db, {
      actor: teacher,
      courseId,
      title: "Played",
      questions: EVERY_KIND.slice(0, 3),
      approved: true,
    });
    await answered(quizId, 0);
    await expect(deleteQuestion(db, { actor: teacher, courseId, quizId, position: 0 })).rejects.toMatchObject(
      {
        code: "conflict",
        userMessage: expect.stringContaining("Question 1 has been answered"),
      },
    );
    await expect(
      moveQuestion(db, { actor: teacher, courseId, quizId, position: 1, direction: "down" }),
    ).rejects.toMatchObject({
      code: "conflict",
      userMessage: expect.stringContaining("keep their order"),
    });
    await deleteQuestion(db, { actor: teacher, courseId, quizId, position: 2 });
    await addQuestion(db, { actor: teacher, courseId, quizId, question: EVERY_KIND[4] });
    expect(await prompts(quizId)).toEqual([
      "0:Which is a noble gas?",
      "1:Which are acids?",
      "2:pH of pure water?",
    ]);
    expect(await db.answer.count({ where: { question: { quizId } } })).toBe(1);
  });

  it("changes nothing while the quiz is being played", async () => {
    const db = database.prisma;
    const { quizId } = await createQuiz(db, {
      actor: teacher,
      courseId,
      title: "Live",
      questions: EVERY_KIND.slice(0, 2),
      approved: true,
    });
    const hostUserId = (await resolveUser(db, teacher)).userId;
    await db.quizSession.create({
      data: {
        courseId,
        quizId,
        platform: "SLACK",
        tenant: "T1",
        spaceId: "C2",
        hostUserId,
        options: {},
        state: "QUESTION",
      },
    });
    const busy = {
      code: "conflict",
      userMessage: "This quiz is being played right now. Edit it after the game.",
    };
    await expect(
      addQuestion(db, { actor: teacher, courseId, quizId, question: EVERY_KIND[2] }),
    ).rejects.toMatchObject(busy);
    await expect(deleteQuestion(db, { actor: teacher, courseId, quizId, position: 1 })).rejects.toMatchObject(
      busy,
    );
    await expect(
      moveQuestion(db, { actor: teacher, courseId, quizId, position: 0, direction: "down" }),
    ).rejects.toMatchObject(busy);
    expect(await prompts(quizId)).toEqual(["0:Which is a noble gas?", "1:Which are acids?"]);
  });

  it("keeps an approved quiz playable: its last question stays", async () => {
    const db = database.prisma;
    const { quizId } = await createQuiz(db, {
      actor: teacher,
      courseId,
      title: "One",
      questions: [EVERY_KIND[2]],
      approved: true,
    });
    await expect(deleteQuestion(db, { actor: teacher, courseId, quizId, position: 0 })).rejects.toMatchObject(
      { code: "conflict" },
    );
    expect(await questions(quizId)).toHaveLength(1);
  });
});

describe("an archived course", () => {
  it("is read-only: no quiz written, no question added, nothing changed", async () => {
    const db = database.prisma;
    const { userId } = await resolveUser(db, teacher);
    await ensureEnrollment(db, { courseId: otherCourseId, userId, role: "STAFF", source: "MANUAL" });
    const { quizId } = await createQuiz(db, {
      actor: teacher,
      courseId: otherCourseId,
      title: "Old",
      questions: [EVERY_KIND[2]],
    });
    await db.course.update({ where: { id: otherCourseId }, data: { archivedAt: new Date() } });
    const before = await db.quiz.count();
    await expect(
      createQuiz(db, { actor: teacher, courseId: otherCourseId, title: "New" }),
    ).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(
      addQuestion(db, { actor: teacher, courseId: otherCourseId, quizId, question: EVERY_KIND[0] }),
    ).rejects.toMatchObject({ code: "conflict" });
    expect(await db.quiz.count()).toBe(before);
    expect(await db.question.count({ where: { quizId } })).toBe(1);
  });
});

describe("a quiz written in a chat form", () => {
  it("saves single-choice lines approved, ready to play", async () => {
    const made = await writeChatQuiz(database.prisma, {
      actor: teacher,
      courseId,
      title: "Quick check",
      lines: ["What is H2O? | *Water | Salt | Sugar", "", "Symbol of iron?|Ir|*Fe"],
    });
    expect(made.questions).toBe(2);
    const stored = await questions(made.quizId);
    expect(stored.map((q) => [q.kind, q.choices, q.correctChoices])).toEqual([
      ["SINGLE_CHOICE", ["Water", "Salt", "Sugar"], [0]],
      ["SINGLE_CHOICE", ["Ir", "Fe"], [1]],
    ]);
    expect((await database.prisma.quiz.findUniqueOrThrow({ where: { id: made.quizId } })).status).toBe(
      "APPROVED",
    );
  });

  it("refuses lines without a marked answer or with too few answers, saying which, and saves nothing", async () => {
    const db = database.prisma;
    const before = await db.quiz.count();
    await expect(
      writeChatQuiz(db, {
        actor: teacher,
        courseId,
        title: "Bad",
        lines: ["What is H2O? | Water | Salt", "Iron? | *Fe"],
      }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      userMessage:
        "Question 1: put * before the right answer, like |*Water.\nQuestion 2: give 2 to 4 answers after the question, separated by | (found 1).",
    });
    await expect(
      writeChatQuiz(db, { actor: student, courseId, title: "Mine", lines: ["A? | *B | C"] }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await db.quiz.count()).toBe(before);
  });
});
