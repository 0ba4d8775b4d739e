// Quiz generation's AI use: logged to UsageLog as QUIZ_GENERATION and counted against the course's
// token budget. Real ingestion and the local writer on PGlite; the writer is wrapped only to report the
// tokens an online model would (the local one spends none).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sampleMaterial, seedCourse, studentActor } from "../../../../test/support/course-fixtures.ts";
import { createTestDatabase } from "../../../../test/support/test-database.ts";
import { createAi } from "../../ai/create-ai.ts";
import { ensureEnrollment } from "../../courses/enrollments.ts";
import type { Database } from "../../db/open-database.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import { silentLogger } from "../../logger.ts";
import { ingestMaterial } from "../../materials/ingest-material.ts";
import type { Actor } from "../../people/actor.ts";
import { resolveUser } from "../../people/resolve-user.ts";
import { listCourseQuestions } from "../../tutor/course-questions.ts";
import { describeReset } from "../../tutor/describe-reset.ts";
import { type GenerateQuizDeps, generateQuiz } from "./generate-quiz.ts";
import { createLocalQuestionWriter } from "./local-question-writer.ts";
import type { QuestionWriter } from "./question-writer.ts";

const ai = createAi({ provider: "local" });
const staff: Actor = {
  platform: "DISCORD",
  tenant: "G1",
  externalId: "U-GEN-STAFF",
  displayName: "Dr Budget",
};
const local = createLocalQuestionWriter();
/** The local writer, reporting what a model call of that size would have cost. */
const countingWriter: QuestionWriter = {
  model: "counting-model",
  async write(request) {
    return { ...(await local.write(request)), model: "counting-model", tokensIn: 900, tokensOut: 300 };
  },
};
let database: Database;
let courseId: string;
let staffId: string;
let deps: GenerateQuizDeps;

beforeAll(async () => {
  database = await createTestDatabase();
  courseId = (await seedCourse(database.prisma, "Budgeted Biology", [staff], "STAFF")).id;
  staffId = (await resolveUser(database.prisma, staff)).userId;
  const student = (await resolveUser(database.prisma, studentActor("U-GEN-LEARNER"))).userId;
  await ensureEnrollment(database.prisma, { courseId, userId: student, role: "STUDENT", source: "DISCORD" });
  await ingestMaterial(
    { courseId, data: await sampleMaterial(), fileName: "cell-biology.md" },
    { db: database.prisma, embedder: ai.embedder, logger: silentLogger() },
  );
});
afterAll(() => database?.close());
beforeEach(async () => {
  await database.prisma.usageLog.deleteMany({});
  deps = {
    db: database.prisma,
    embedder: ai.embedder,
    writer: countingWriter,
    logger: silentLogger(),
    minSimilarity: ai.defaultMinSimilarity,
  };
});

describe("quiz generation's AI usage", () => {
  it("writes one QUIZ_GENERATION row with the staff member, topic, model and tokens, and no student question", async () => {
    const result = await generateQuiz({ actor: staff, courseId, topic: "mitochondria", count: 2 }, deps);

    const rows = await database.prisma.usageLog.findMany({ where: { courseId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: "QUIZ_GENERATION",
      userId: staffId,
      platform: "DISCORD",
      question: "mitochondria",
      answered: true,
      refusedReason: null,
      model: "counting-model",
      tokensIn: 900,
      tokensOut: 300,
    });
    expect(result.questions).toBe(2);
    // The "Questions asked" page lists tutor questions only.
    expect(await listCourseQuestions(database.prisma, { actor: staff, courseId })).toEqual([]);
  });

  it("is refused before the writer runs once the course's token budget is spent, saving nothing, and says when it resets", async () => {
    const limited = {
      ...deps,
      limits: [{ scope: "COURSE" as const, windowSeconds: 86_400, maxTokens: 1_000 }],
    };
    await generateQuiz({ actor: staff, courseId, count: 1 }, limited);
    const [first] = await database.prisma.usageLog.findMany({ where: { courseId } });
    const quizzes = await database.prisma.quiz.count({ where: { courseId } });
    const now = new Date(first!.createdAt.getTime() + 3_600_000);
    let writes = 0;
    const watched: QuestionWriter = {
      model: "counting-model",
      write: (r) => {
        writes++;
        return countingWriter.write(r);
      },
    };

    const refused = await generateQuiz(
      { actor: staff, courseId, count: 1 },
      { ...limited, writer: watched, now: () => now },
    ).then(
      () => null,
      (e: unknown) => e,
    );

    expect(refused).toBeInstanceOf(AppError);
    const error = refused as AppError;
    expect(error.code).toBe(ErrorCode.RateLimited);
    const resetsAt = new Date(first!.createdAt.getTime() + 86_400_000);
    expect(error.userMessage).toContain(`You can generate one again ${describeReset(resetsAt, now)}.`);
    expect(error.userMessage).toContain("(in 23 hours)");
    expect(writes).toBe(0);
    expect(await database.prisma.quiz.count({ where: { courseId } })).toBe(quizzes);
    expect(await database.prisma.usageLog.count({ where: { courseId } })).toBe(1);
  });

  it("a student's per-person limits do not stop staff from generating", async () => {
    const limited = {
      ...deps,
      limits: [
        { scope: "PER_USER" as const, windowSeconds: 86_400, maxTokens: 1 },
        { scope: "PER_USER" as const, windowSeconds: 3600, maxRequests: 1 },
      ],
    };
    await generateQuiz({ actor: staff, courseId, count: 1 }, limited);
    await expect(generateQuiz({ actor: staff, courseId, count: 1 }, limited)).resolves.toMatchObject({
      questions: 1,
    });
  });

  it("a failed generation that spent tokens still logs them, and stores no quiz", async () => {
    const failing: QuestionWriter = {
      model: "broken-model",
      async write() {
        throw new AppError(ErrorCode.AiUnavailable, "the model's quiz questions were not valid JSON", {
          details: { attempts: 2, tokensIn: 1_500, tokensOut: 700 },
        });
      },
    };
    const quizzes = await database.prisma.quiz.count({ where: { courseId } });

    await expect(
      generateQuiz({ actor: staff, courseId, count: 1 }, { ...deps, writer: failing }),
    ).rejects.toMatchObject({
      code: ErrorCode.AiUnavailable,
    });

    const rows = await database.prisma.usageLog.findMany({ where: { courseId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: "QUIZ_GENERATION",
      answered: false,
      refusedReason: "ai_error",
      model: "broken-model",
      tokensIn: 1_500,
      tokensOut: 700,
    });
    expect(await database.prisma.quiz.count({ where: { courseId } })).toBe(quizzes);
  });

  it("written questions that are all unusable still count their tokens", async () => {
    const nonsense: QuestionWriter = {
      model: "counting-model",
      write: async () => ({
        questions: [{ kind: "NOPE" }],
        model: "counting-model",
        tokensIn: 400,
        tokensOut: 100,
      }),
    };
    await expect(
      generateQuiz({ actor: staff, courseId, count: 1 }, { ...deps, writer: nonsense }),
    ).rejects.toMatchObject({
      code: ErrorCode.AiUnavailable,
    });
    const rows = await database.prisma.usageLog.findMany({ where: { courseId } });
    expect(rows).toMatchObject([
      { refusedReason: "no_valid_question", tokensIn: 400, tokensOut: 100, answered: false },
    ]);
  });
});
