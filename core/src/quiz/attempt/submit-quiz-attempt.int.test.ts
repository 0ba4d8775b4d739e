import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../../test/support/test-database.ts";
import { createCourse } from "../../courses/create-course.ts";
import { ensureEnrollment } from "../../courses/enrollments.ts";
import type { Database } from "../../db/open-database.ts";
import type { Actor } from "../../people/actor.ts";
import { resolveUser } from "../../people/resolve-user.ts";
import { quizResultsSummary } from "../results/quiz-results-summary.ts";
import { GRADEBOOK_QUEUE } from "../results/schedule-gradebook-sync.ts";
import { saveQuiz } from "../save-quiz.ts";
import { loadQuizAttempt } from "./load-quiz-attempt.ts";
import { submitQuizAttempt } from "./submit-quiz-attempt.ts";

const ISSUER = "https://canvas.example";
const teacher: Actor = { platform: "LTI", tenant: ISSUER, externalId: "t1", displayName: "Tess" };
const student = (n: number): Actor => ({
  platform: "LTI",
  tenant: ISSUER,
  externalId: `s${n}`,
  displayName: `Student ${n}`,
});
let database: Database;
let courseId: string;
let quizId: string;
let questionIds: string[];

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.prisma;
  courseId = (await createCourse(db, { name: "Biology" })).id;
  for (const [actor, role] of [
    [teacher, "STAFF"],
    [student(1), "STUDENT"],
    [student(2), "STUDENT"],
    [student(3), "STUDENT"],
  ] as const) {
    const { userId } = await resolveUser(db, actor);
    await ensureEnrollment(db, { courseId, userId, role, source: "LTI" });
  }
  ({ quizId } = await saveQuiz(db, {
    courseId,
    title: "Cells",
    origin: "AUTHORED",
    approved: true,
    questions: [
      {
        kind: "SINGLE_CHOICE",
        prompt: "Which organelle makes ATP?",
        choices: ["Nucleus", "Mitochondria"],
        correctChoices: [1],
        explanation: "Mitochondria run cellular respiration.",
      },
      {
        kind: "MULTIPLE_SELECT",
        prompt: "Which are organelles?",
        choices: ["Ribosome", "Golgi", "Cat"],
        correctChoices: [0, 1],
      },
      { kind: "SHORT_TEXT", prompt: "The powerhouse of the cell?", acceptedAnswers: ["mitochondrion"] },
      { kind: "NUMERIC", prompt: "How many ATP per glucose (approx.)?", numericAnswer: 30, tolerance: 2 },
    ],
  }));
  questionIds = (await db.question.findMany({ where: { quizId }, orderBy: { position: "asc" } })).map(
    (q) => q.id,
  );
});
afterAll(() => database.close());

const db = () => database.prisma;

describe("a quiz taken in a page", () => {
  it("grades by accuracy, stores one finished session with its answers and result, and shows the answers", async () => {
    const before = await loadQuizAttempt(db(), { actor: student(1), courseId, quizId });
    expect(before.attempt).toBeNull();
    expect(before.quiz.questions.map((q) => q.prompt)[0]).toBe("Which organelle makes ATP?");
    expect(JSON.stringify(before.quiz)).not.toContain("correctChoices");

    const submitted = await submitQuizAttempt(db(), {
      actor: student(1),
      courseId,
      quizId,
      responses: {
        [questionIds[0]!]: { choices: [1] },
        [questionIds[1]!]: { choices: [0] },
        [questionIds[2]!]: { text: "Mitochondrion" },
      },
    });
    expect(submitted.created).toBe(true);
    expect(submitted.gradebookScheduled).toBe(false);
    const { attempt } = submitted;
    expect(attempt.accuracy).toBeCloseTo((1 + 0.5 + 1) / 4);
    expect([attempt.correctCount, attempt.partialCount, attempt.incorrectCount, attempt.unanswered]).toEqual([
      2, 1, 0, 1,
    ]);
    expect(attempt.questions[0]).toMatchObject({
      given: "B. Mitochondria",
      correct: true,
      correctAnswer: "B. Mitochondria",
      explanation: "Mitochondria run cellular respiration.",
    });
    expect(attempt.questions[3]).toMatchObject({ given: "", correct: false, correctAnswer: "30 (± 2)" });

    const session = await db().quizSession.findUniqueOrThrow({ where: { id: attempt.sessionId } });
    expect(session).toMatchObject({
      state: "FINISHED",
      platform: "LTI",
      tenant: ISSUER,
      spaceId: `lms:${courseId}`,
    });
    expect(await db().answer.count({ where: { sessionId: session.id } })).toBe(3);
    const reloaded = await loadQuizAttempt(db(), { actor: student(1), courseId, quizId });
    expect(reloaded.attempt?.resultId).toBe(attempt.resultId);
  });

  it("stores a second submit never, and a racing double submit once", async () => {
    const again = await submitQuizAttempt(db(), {
      actor: student(1),
      courseId,
      quizId,
      responses: { [questionIds[3]!]: { number: 30 } },
    });
    expect(again.created).toBe(false);
    expect(again.attempt.unanswered).toBe(1);

    const racing = await Promise.all(
      [0, 1, 2].map(() =>
        submitQuizAttempt(db(), {
          actor: student(2),
          courseId,
          quizId,
          responses: { [questionIds[0]!]: { choices: [0] } },
        }),
      ),
    );
    expect(racing.filter((r) => r.created)).toHaveLength(1);
    const { userId } = await resolveUser(db(), student(2));
    expect(await db().quizResult.count({ where: { userId } })).toBe(1);
  });

  it("schedules the gradebook delivery in the same transaction when the course has an LMS gradebook", async () => {
    const platform = await db().ltiPlatform.create({
      data: {
        issuer: ISSUER,
        clientId: "c1",
        name: "Canvas",
        authUrl: `${ISSUER}/auth`,
        tokenUrl: `${ISSUER}/token`,
        jwksUrl: `${ISSUER}/jwks`,
        keyId: "k1",
        registration: "MANUAL",
      },
    });
    await db().ltiCourseLink.create({
      data: {
        courseId,
        platformId: platform.id,
        deploymentId: "d1",
        contextId: "ctx",
        lineItemsUrl: `${ISSUER}/lineitems`,
      },
    });
    const submitted = await submitQuizAttempt(db(), {
      actor: student(3),
      courseId,
      quizId,
      responses: { [questionIds[0]!]: { choices: [1] } },
    });
    expect(submitted.gradebookScheduled).toBe(true);
    const job = await db().scheduledJob.findFirstOrThrow({
      where: { key: `grades:${submitted.attempt.sessionId}` },
    });
    expect(job.queue).toBe(GRADEBOOK_QUEUE);
  });

  it("refuses drafts, strangers' questions and bad answers, storing nothing", async () => {
    const { quizId: draftId } = await saveQuiz(db(), {
      courseId,
      title: "Draft",
      origin: "GENERATED",
      questions: [{ kind: "TRUE_FALSE", prompt: "Cells exist.", answer: true }],
    });
    await expect(
      submitQuizAttempt(db(), { actor: student(3), courseId, quizId: draftId, responses: {} }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      submitQuizAttempt(db(), {
        actor: teacher,
        courseId,
        quizId,
        responses: { [crypto.randomUUID()]: { choices: [0] } },
      }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    await expect(
      submitQuizAttempt(db(), {
        actor: teacher,
        courseId,
        quizId,
        responses: { [questionIds[0]!]: { choices: [7] } },
      }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    const { userId } = await resolveUser(db(), teacher);
    expect(await db().quizResult.count({ where: { userId } })).toBe(0);
  });

  it("gives staff the share of credit per question over everyone asked", async () => {
    const summary = await quizResultsSummary(db(), { actor: teacher, courseId, quizId });
    // Three students were asked every question: Q1 right twice, wrong once.
    expect(summary.questions.map((q) => q.asked)).toEqual([3, 3, 3, 3]);
    expect(summary.questions[0]!.rate).toBeCloseTo(2 / 3);
    expect(summary.questions[1]!.rate).toBeCloseTo(0.5 / 3);
    expect(summary.results).toHaveLength(3);
    await expect(quizResultsSummary(db(), { actor: student(1), courseId, quizId })).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});
