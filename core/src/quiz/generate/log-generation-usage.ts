import type { Platform } from "../../db/generated/enums.ts";
import type { Prisma } from "../../db/open-database.ts";

/** Why a generation spent tokens without storing a quiz; kept in UsageLog.refusedReason. */
export type GenerationFailure = "ai_error" | "no_valid_question";

export interface GenerationUsage {
  courseId: string;
  /** The staff member who asked for the quiz. */
  userId: string;
  platform: Platform;
  /** The topic asked for, or "" when none: a generation carries no student words. */
  topic: string;
  model: string;
  tokensIn: number;
  tokensOut: number;
  latencyMs: number;
  failure?: GenerationFailure;
}

/**
 * Writes one QUIZ_GENERATION UsageLog row, so the tokens a generation spent count against the course's
 * token budgets like a tutor answer's. Pass the transaction that saves the quiz, so a quiz is never
 * stored without its usage.
 */
export async function logGenerationUsage(
  db: Pick<Prisma, "usageLog">,
  usage: GenerationUsage,
): Promise<void> {
  await db.usageLog.create({
    data: {
      kind: "QUIZ_GENERATION",
      userId: usage.userId,
      courseId: usage.courseId,
      platform: usage.platform,
      question: usage.topic,
      answered: !usage.failure,
      refusedReason: usage.failure ?? null,
      latencyMs: usage.latencyMs,
      tokensIn: usage.tokensIn,
      tokensOut: usage.tokensOut,
      model: usage.model,
      retrieved: [],
    },
  });
}

/** The tokens a failed writer reports it spent (the LLM writer puts them in its error's details). */
export function tokensSpentBy(error: unknown): { tokensIn: number; tokensOut: number } {
  const details = (error as { details?: Record<string, unknown> } | null)?.details;
  const count = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v > 0 ? Math.round(v) : 0);
  return { tokensIn: count(details?.tokensIn), tokensOut: count(details?.tokensOut) };
}
