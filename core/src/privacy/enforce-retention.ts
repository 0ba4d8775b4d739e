import { z } from "zod";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import type { Logger } from "../logger.ts";

export const enforceRetentionInput = z.object({
  /** Tutor conversations, messages and usage logs older than this many days are deleted. */
  retentionDays: z.number().int().min(1).max(36_500),
  /** Rows per statement: each batch is a short statement, so a big backlog never holds long locks. */
  batchSize: z.number().int().min(1).max(10_000).default(1_000),
});

export interface RetentionDeps {
  db: Prisma;
  logger: Logger;
  /** The clock, injected so tests can move it. */
  now: () => Date;
}

export interface RetentionResult {
  cutoff: Date;
  messages: number;
  conversations: number;
  usageLogs: number;
}

/**
 * Deletes tutor messages and usage logs older than the retention period, then conversations left
 * without messages whose last activity is older too. Works in bounded batches, each committed on its
 * own: interrupted, it has deleted only expired rows, and the next run carries on. Idempotent.
 */
export async function enforceRetention(
  input: z.input<typeof enforceRetentionInput>,
  deps: RetentionDeps,
): Promise<RetentionResult> {
  const parsed = enforceRetentionInput.safeParse(input);
  if (!parsed.success) {
    throw new AppError(ErrorCode.InvalidInput, "invalid retention settings", {
      details: { issues: parsed.error.issues.map((i) => i.message) },
    });
  }
  const { retentionDays, batchSize } = parsed.data;
  const { db } = deps;
  const cutoff = new Date(deps.now().getTime() - retentionDays * 86_400_000);
  const old = { createdAt: { lt: cutoff } };
  const messages = await inBatches(batchSize, async (take) => {
    const ids = await db.message.findMany({ where: old, select: { id: true }, take, orderBy: { id: "asc" } });
    return (await db.message.deleteMany({ where: { id: { in: ids.map((r) => r.id) } } })).count;
  });
  const conversations = await inBatches(batchSize, async (take) => {
    const ids = await db.conversation.findMany({
      where: { updatedAt: { lt: cutoff }, messages: { none: {} } },
      select: { id: true },
      take,
      orderBy: { id: "asc" },
    });
    return (await db.conversation.deleteMany({ where: { id: { in: ids.map((r) => r.id) } } })).count;
  });
  const usageLogs = await inBatches(batchSize, async (take) => {
    const ids = await db.usageLog.findMany({
      where: old,
      select: { id: true },
      take,
      orderBy: { id: "asc" },
    });
    return (await db.usageLog.deleteMany({ where: { id: { in: ids.map((r) => r.id) } } })).count;
  });
  const result = { cutoff, messages, conversations, usageLogs };
  deps.logger.info({ ...result, retentionDays }, "retention enforced");
  return result;
}

/** Runs `batch` until it deletes fewer than a full batch; returns the total deleted. */
async function inBatches(size: number, batch: (take: number) => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await batch(size);
    total += deleted;
    if (deleted < size) return total;
  }
}
