import type { Platform, UsageKind } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode, isAppError } from "../errors/app-error.ts";
import { type BudgetRule, checkCourseTokenBudget } from "../tutor/tutor-limits.ts";

export interface StudyAiUsage {
  kind: Extract<UsageKind, "STUDY_GUIDE" | "WRITING_PROMPT" | "WRITING_FEEDBACK">;
  courseId: string;
  userId: string;
  platform: Platform;
  /** What was asked for (a topic, a prompt title); never a student's writing. */
  question: string;
  model: string;
  tokensIn: number;
  tokensOut: number;
  latencyMs: number;
  /** Why tokens were spent without a result; kept in UsageLog.refusedReason. */
  failure?: string;
}

/**
 * One UsageLog row for a model call of the study tools, so its tokens count against the course's token
 * budgets as a tutor answer's and a quiz generation's do.
 */
export async function logStudyAiUsage(db: Pick<Prisma, "usageLog">, usage: StudyAiUsage): Promise<void> {
  await db.usageLog.create({
    data: {
      kind: usage.kind,
      userId: usage.userId,
      courseId: usage.courseId,
      platform: usage.platform,
      question: usage.question.slice(0, 500),
      answered: !usage.failure,
      refusedReason: usage.failure ?? null,
      latencyMs: Math.max(0, Math.round(usage.latencyMs)),
      tokensIn: usage.tokensIn,
      tokensOut: usage.tokensOut,
      model: usage.model,
      retrieved: [],
    },
  });
}

/**
 * Runs one model call of the study tools and logs its UsageLog row either way: the tokens it spent, or
 * on failure the tokens the error reports. `started` is when the work being timed began (the passages'
 * retrieval may come before the call).
 */
export async function withStudyAiUsage<T extends { tokensIn: number; tokensOut: number }>(
  db: Pick<Prisma, "usageLog">,
  usage: Omit<StudyAiUsage, "tokensIn" | "tokensOut" | "latencyMs" | "failure">,
  started: number,
  call: () => Promise<T>,
): Promise<T> {
  let result: T;
  try {
    result = await call();
  } catch (error) {
    const latencyMs = performance.now() - started;
    await logStudyAiUsage(db, { ...usage, ...tokensOf(error), latencyMs, failure: "ai_error" });
    throw error;
  }
  const { tokensIn, tokensOut } = result;
  await logStudyAiUsage(db, { ...usage, tokensIn, tokensOut, latencyMs: performance.now() - started });
  return result;
}

/**
 * Throws RateLimited when the course has spent its own token budget, with a refusal that names what
 * could not be done (`what`: "a study guide", "writing feedback") instead of the quiz wording.
 */
export async function checkStudyTokenBudget(
  db: Prisma,
  input: { courseId: string; userId: string; defaults: BudgetRule[]; now: Date; what: string },
): Promise<void> {
  try {
    await checkCourseTokenBudget(db, input);
  } catch (error) {
    if (!isAppError(error, ErrorCode.RateLimited)) throw error;
    throw new AppError(ErrorCode.RateLimited, error.message, {
      userMessage: error.userMessage
        .replace("no quiz can be generated now", `${input.what} cannot be written now`)
        .replace("You can generate one again", "Try again"),
      ...(error.details ? { details: error.details } : {}),
    });
  }
}

/** The tokens a failed model call reports it spent (AppError details from the chat model). */
export function tokensOf(error: unknown): { tokensIn: number; tokensOut: number } {
  const details = (error as { details?: Record<string, unknown> } | null)?.details;
  const count = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v > 0 ? Math.round(v) : 0);
  return { tokensIn: count(details?.tokensIn), tokensOut: count(details?.tokensOut) };
}
