import type { Platform } from "../../db/generated/enums.ts";
import type { Prisma } from "../../db/open-database.ts";

export interface DeckUsage {
  courseId: string;
  /** The staff member who asked for the deck. */
  userId: string;
  platform: Platform;
  /** The topic asked for, or "". */
  topic: string;
  model: string;
  tokensIn: number;
  tokensOut: number;
  latencyMs: number;
  /** Why tokens were spent without a deck (UsageLog.refusedReason). */
  failure?: "ai_error" | "no_valid_card";
}

/**
 * One DECK_GENERATION UsageLog row, so a deck's tokens count against the course's token budgets as a
 * quiz generation's do. Pass the transaction that saves the deck, so a deck is never kept without it.
 */
export async function logDeckUsage(db: Pick<Prisma, "usageLog">, usage: DeckUsage): Promise<void> {
  await db.usageLog.create({
    data: {
      kind: "DECK_GENERATION",
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
