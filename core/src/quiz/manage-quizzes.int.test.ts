import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import { createCourse } from "../courses/create-course.ts";
import { ensureEnrollment } from "../courses/enrollments.ts";
import type { Database } from "../db/open-database.ts";
import { mergeUsers } from "../links/merge-users.ts";
import type { Actor } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import {
  approveQuiz,
  discardQuiz,
  listQuizzes,
  quizForEditing,
  quizReviewReply,
  renameQuiz,
  updateQuestion,
} from "./manage-quizzes.ts";
import { saveQuiz } from "./save-quiz.ts";

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
    await ensureEnrollment(db, { courseId: otherCourseId, userId, role, source: "MANUAL" });
  }
});
afterAll(() => database.close());

const draft = (title = "Acids") =>
  saveQuiz(database.prisma, {
    courseId,
    title,
    origin: "GENERATED",
    questions: [{ kind: "TRUE_FALSE", prompt: "Lemon juice is acidic.", answer: true }],
  });

describe("quiz review", () => {
  it("keeps drafts from students and from live play until staff approve them", async () => {
    const { quizId } = await draft();
    expect((await listQuizzes(database.prisma, { actor: student, courseId })).map((q) => q.id)).not.toContain(
      quizId,
    );
    await expect(
      listQuizzes(database.prisma, { actor: student, courseId, status: "DRAFT" }),
    ).rejects.toMatchObject({ code: "forbidden" });
    const drafts = await listQuizzes(database.prisma, { actor: teacher, courseId, status: "DRAFT" });
    expect(drafts.map((q) => q.id)).toContain(quizId);
    const review = JSON.stringify(
      await quizReviewReply(database.prisma, { actor: teacher, courseId, quizId }),
    );
    expect(review).toContain("Lemon juice is acidic.");
    expect(review).toContain('"kind":"quiz.approve"');
    await expect(approveQuiz(database.prisma, { actor: student, courseId, quizId })).rejects.toMatchObject({
      code: "forbidden",
    });
    await approveQuiz(database.prisma, { actor: teacher, courseId, quizId });
    expect((await listQuizzes(database.prisma, { actor: student, courseId })).map((q) => q.id)).toContain(
      quizId,
    );
  });

  it("never reaches into another course", async () => {
    const { quizId } = await draft("Bases");
    await expect(
      approveQuiz(database.prisma, { actor: teacher, courseId: otherCourseId, quizId }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      discardQuiz(database.prisma, { actor: teacher, courseId: otherCourseId, quizId }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(await database.prisma.quiz.count({ where: { id: quizId } })).toBe(1);
  });

  it("answers not found, with a plain message, for another course's quiz, an unknown id or a malformed one", async () => {
    const { quizId } = await draft("Esters");
    const question = { kind: "TRUE_FALSE" as const, prompt: "Esters smell.", answer: true };
    for (const [id, course] of [
      [quizId, otherCourseId],
      ["00000000-0000-4000-8000-000000000000", courseId],
      ["not-a-quiz-id", courseId],
    ] as const) {
      const input = { actor: teacher, courseId: course, quizId: id };
      const notFound = { code: "not_found", userMessage: "That quiz is not in this course." };
      await expect(quizReviewReply(database.prisma, input)).rejects.toMatchObject(notFound);
      await expect(approveQuiz(database.prisma, input)).rejects.toMatchObject(notFound);
      await expect(quizForEditing(database.prisma, input)).rejects.toMatchObject(notFound);
      await expect(
        updateQuestion(database.prisma, { ...input, position: 0, question }),
      ).rejects.toMatchObject(notFound);
    }
    const stored = await database.prisma.quiz.findUniqueOrThrow({
      where: { id: quizId },
      include: { questions: true },
    });
    expect(stored).toMatchObject({ status: "DRAFT" });
    expect(stored.questions.map((q) => q.prompt)).toEqual(["Lemon juice is acidic."]);
  });

  it("edits a question only with a valid replacement", async () => {
    const { quizId } = await draft("Salts");
    await expect(
      updateQuestion(database.prisma, {
        actor: teacher,
        courseId,
        quizId,
        position: 0,
        question: { kind: "SINGLE_CHOICE", prompt: "Pick", choices: ["a", "A"], correctChoices: [0] },
      }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    await updateQuestion(database.prisma, {
      actor: teacher,
      courseId,
      quizId,
      position: 0,
      question: {
        kind: "SINGLE_CHOICE",
        prompt: "Which is a salt?",
        choices: ["NaCl", "HCl"],
        correctChoices: [0],
        explanation: "Sodium chloride.",
      },
    });
    const question = await database.prisma.question.findFirstOrThrow({ where: { quizId } });
    expect(question).toMatchObject({
      kind: "SINGLE_CHOICE",
      choices: ["NaCl", "HCl"],
      correctChoices: [0],
      explanation: "Sodium chloride.",
    });
  });

  it("deletes a discarded draft but only archives a quiz that was approved", async () => {
    const a = await draft("Oxides");
    await discardQuiz(database.prisma, { actor: teacher, courseId, quizId: a.quizId });
    expect(await database.prisma.quiz.count({ where: { id: a.quizId } })).toBe(0);
    const b = await draft("Metals");
    await approveQuiz(database.prisma, { actor: teacher, courseId, quizId: b.quizId });
    await discardQuiz(database.prisma, { actor: teacher, courseId, quizId: b.quizId });
    expect((await database.prisma.quiz.findUniqueOrThrow({ where: { id: b.quizId } })).status).toBe(
      "ARCHIVED",
    );
  });

  it("renames a quiz for staff, in the audit log, and refuses an empty title or a student", async () => {
    const { quizId } = await draft("Quiz: acids and bases");
    const renamed = await renameQuiz(database.prisma, {
      actor: teacher,
      courseId,
      quizId,
      title: "  Week 3: acids  ",
    });
    expect(renamed).toEqual({ from: "Quiz: acids and bases", title: "Week 3: acids", changed: true });
    expect((await database.prisma.quiz.findUniqueOrThrow({ where: { id: quizId } })).title).toBe(
      "Week 3: acids",
    );
    const entries = await database.prisma.auditEntry.findMany({
      where: { action: "quiz.renamed", targetId: quizId },
    });
    expect(entries.map((e) => e.details)).toEqual([
      { from: "Quiz: acids and bases", title: "Week 3: acids" },
    ]);

    const again = await renameQuiz(database.prisma, {
      actor: teacher,
      courseId,
      quizId,
      title: "Week 3: acids",
    });
    expect(again.changed).toBe(false);
    await expect(
      renameQuiz(database.prisma, { actor: teacher, courseId, quizId, title: "   " }),
    ).rejects.toMatchObject({ code: "invalid_input", userMessage: "Give the quiz a title." });
    await expect(
      renameQuiz(database.prisma, { actor: student, courseId, quizId, title: "Mine now" }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      renameQuiz(database.prisma, { actor: teacher, courseId: otherCourseId, quizId, title: "Elsewhere" }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/forbidden|not_found/) });
    expect((await database.prisma.quiz.findUniqueOrThrow({ where: { id: quizId } })).title).toBe(
      "Week 3: acids",
    );
    expect(
      await database.prisma.auditEntry.count({ where: { action: "quiz.renamed", targetId: quizId } }),
    ).toBe(1);
  });

  it("moves a person's quiz history when two accounts are linked, keeping the target's answer where both played", async () => {
    const db = database.prisma;
    const { quizId } = await draft("Linked");
    const question = await db.question.findFirstOrThrow({ where: { quizId } });
    const a = await resolveUser(db, { platform: "DISCORD", tenant: "", externalId: "D1", displayName: "A" });
    const b = await resolveUser(db, { platform: "SLACK", tenant: "T1", externalId: "S1", displayName: "B" });
    const hostId = (await resolveUser(db, teacher)).userId;
    const mk = (spaceId: string) =>
      db.quizSession.create({
        data: {
          courseId,
          quizId,
          platform: "SLACK",
          tenant: "T1",
          spaceId,
          hostUserId: hostId,
          options: {},
          state: "FINISHED",
        },
      });
    const shared = await mk("C-shared");
    const onlyA = await mk("C-a");
    for (const [userId, sessionId, choice] of [
      [a.userId, shared.id, 1],
      [b.userId, shared.id, 0],
      [a.userId, onlyA.id, 0],
    ] as const) {
      await db.quizPlayer.create({ data: { sessionId, userId, displayName: "x" } });
      await db.answer.create({
        data: {
          sessionId,
          questionId: question.id,
          userId,
          choices: [choice],
          correct: choice === 0,
          credit: choice === 0 ? 1 : 0,
          latencyMs: 100,
        },
      });
    }
    await db.$transaction((tx) => mergeUsers(tx, a.userId, b.userId));
    const answers = await db.answer.findMany({
      where: { questionId: question.id },
      orderBy: { sessionId: "asc" },
    });
    expect(answers.every((x) => x.userId === b.userId)).toBe(true);
    expect(answers.find((x) => x.sessionId === shared.id)?.choices).toEqual([0]);
    expect(answers.filter((x) => x.sessionId === onlyA.id)).toHaveLength(1);
    expect(await db.quizPlayer.count({ where: { userId: b.userId } })).toBe(2);
  });
});
