import { z } from "zod";
import type { Ai } from "../../ai/create-ai.ts";
import type { Embedder } from "../../ai/embedder.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import { requireStaff } from "../../courses/enrollments.ts";
import { findCourse } from "../../courses/find-course.ts";
import { requireOpenCourse } from "../../courses/require-open-course.ts";
import type { Prisma } from "../../db/open-database.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import type { Logger } from "../../logger.ts";
import { actorSchema } from "../../people/actor.ts";
import { resolveUser } from "../../people/resolve-user.ts";
import { type BudgetRule, checkCourseTokenBudget } from "../../tutor/tutor-limits.ts";
import { saveQuiz } from "../save-quiz.ts";
import { createLlmQuestionWriter } from "./llm-question-writer.ts";
import { createLocalQuestionWriter } from "./local-question-writer.ts";
import { type GenerationUsage, logGenerationUsage, tokensSpentBy } from "./log-generation-usage.ts";
import { pickPassages } from "./pick-passages.ts";
import type { QuestionWriter, WriterPassage } from "./question-writer.ts";
import { type QuizShortfall, quizShortfall } from "./quiz-shortfall.ts";
import { repairQuestions } from "./repair-questions.ts";

export const generateQuizInput = z.object({
  actor: actorSchema,
  courseId: z.uuid(),
  topic: z.string().trim().min(1).max(200, "Topics are at most 200 characters.").optional(),
  /** Write only from these materials (all of the course's READY materials when unset). */
  materialIds: z.array(z.uuid()).min(1).max(50).optional(),
  count: z
    .number()
    .int()
    .min(1, "Ask for at least 1 question.")
    .max(20, "Ask for at most 20 questions.")
    .default(5),
});

export interface GenerateQuizDeps {
  db: Prisma;
  embedder: Embedder;
  writer: QuestionWriter;
  logger: Logger;
  /** Similarity at which a passage counts as on topic; the AI provider's `defaultMinSimilarity`. */
  minSimilarity?: number;
  /** The deployment's default limits (the tutor's); a course's Budget rows override them. */
  limits?: BudgetRule[];
  now?: () => Date;
}

export interface GeneratedQuiz {
  quizId: string;
  title: string;
  /** Questions stored. */
  questions: number;
  /** Written but dropped as invalid (extra valid ones beyond the count asked for are not counted). */
  dropped: number;
  /** Why fewer questions than asked for came back; null when all did. Render with `describeQuizShortfall`. */
  shortfall: QuizShortfall | null;
}

/** Questions written per question kept: some are dropped in repair. */
const OVERSHOOT = 1.5;

/**
 * Writes a quiz from the course's own materials (optionally on a topic, or from chosen materials) and
 * stores it as a DRAFT for staff to review: every question keeps the passage it came from, and bad
 * writer output is repaired or dropped, never stored. Staff only.
 *
 * The tokens it spends are the course's: a course whose token budget is spent is refused before the
 * writer is called, and every call of the writer writes a QUIZ_GENERATION UsageLog row (with the quiz,
 * in its transaction, or alone when the generation failed after spending tokens).
 */
export async function generateQuiz(
  input: z.input<typeof generateQuizInput>,
  deps: GenerateQuizDeps,
): Promise<GeneratedQuiz> {
  const { actor, courseId, topic, materialIds, count } = generateQuizInput.parse(input);
  const { db } = deps;
  const course = await findCourse(db, courseId);
  const { userId } = await resolveUser(db, actor);
  await requireStaff(db, course.id, userId);
  requireOpenCourse(course);
  const log = deps.logger.child({ courseId: course.id, userId, platform: actor.platform });
  const now = deps.now?.() ?? new Date();
  await checkCourseTokenBudget(db, { courseId: course.id, userId, defaults: deps.limits ?? [], now });
  const started = performance.now();
  const usage = (written: { model: string; tokensIn: number; tokensOut: number }): GenerationUsage => ({
    courseId: course.id,
    userId,
    platform: actor.platform,
    topic: topic ?? "",
    model: written.model,
    tokensIn: written.tokensIn,
    tokensOut: written.tokensOut,
    latencyMs: Math.round(performance.now() - started),
  });

  const passages = await pickPassages(db, deps.embedder, {
    courseId: course.id,
    topic,
    materialIds,
    howMany: Math.min(12, Math.max(4, count)),
    minSimilarity: deps.minSimilarity,
  });
  const written = await deps.writer
    .write({ passages, count: Math.ceil(count * OVERSHOOT), ...(topic ? { topic } : {}) })
    .catch(async (error: unknown) => {
      await logGenerationUsage(db, {
        ...usage({ model: deps.writer.model, ...tokensSpentBy(error) }),
        failure: "ai_error",
      });
      throw error;
    });
  const { questions, dropped } = repairQuestions(
    written.questions,
    passages.map((p) => p.id),
  );
  if (dropped.length > 0) log.warn({ model: written.model, dropped }, "dropped generated questions");
  if (questions.length === 0) {
    await logGenerationUsage(db, { ...usage(written), failure: "no_valid_question" });
    throw new AppError(ErrorCode.AiUnavailable, "no valid generated question", {
      userMessage:
        "No usable questions could be written from these materials this time. Try again, choose other materials, or change the topic.",
      details: { model: written.model, written: written.questions.length, dropped },
    });
  }

  const title = quizTitle(topic, passages);
  const kept = questions.slice(0, count);
  const spent = usage(written);
  const quizId = await db.$transaction(async (tx) => {
    const saved = await saveQuiz(tx, {
      courseId: course.id,
      title,
      topic: topic ?? null,
      origin: "GENERATED",
      model: written.model,
      createdById: userId,
      questions: kept,
    });
    await logGenerationUsage(tx, spent);
    await recordAudit(tx, {
      action: "quiz.generated",
      courseId: course.id,
      actorId: userId,
      actorPlatform: actor.platform,
      targetType: "quiz",
      targetId: saved.quizId,
      details: { title: title.slice(0, 200), questions: kept.length, model: written.model.slice(0, 100) },
    });
    return saved.quizId;
  });
  log.info(
    {
      quizId,
      model: written.model,
      passages: passages.length,
      written: written.questions.length,
      kept: kept.length,
      requested: count,
      dropped: dropped.length,
      tokensIn: written.tokensIn,
      tokensOut: written.tokensOut,
      latencyMs: spent.latencyMs,
    },
    "quiz generated",
  );
  const shortfall = quizShortfall({
    requested: count,
    written: written.questions.length,
    dropped: dropped.length,
    kept: kept.length,
  });
  return { quizId, title, questions: kept.length, dropped: dropped.length, shortfall };
}

/** The LLM writer when a chat model is configured, the offline writer otherwise. */
export function createQuestionWriter(ai: Pick<Ai, "chat">): QuestionWriter {
  return ai.chat ? createLlmQuestionWriter(ai.chat) : createLocalQuestionWriter();
}

/** "Quiz: <topic>", or the titles of the materials the passages came from. */
function quizTitle(topic: string | undefined, passages: WriterPassage[]): string {
  if (topic) return `Quiz: ${topic}`;
  const titles = [...new Set(passages.map((p) => p.title))];
  const shown = titles.slice(0, 2).join(", ");
  return titles.length > 2 ? `Quiz: ${shown} and ${titles.length - 2} more` : `Quiz: ${shown}`;
}
