import { randomUUID } from "node:crypto";
import { z } from "zod";
import { Prisma as Sql } from "../db/generated/client.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { msInterval, NOW_UTC, type PrismaLike, utcTimestamp } from "./job-sql.ts";

export type { PrismaLike } from "./job-sql.ts";

/** Attempts before a job is given up, unless the caller says otherwise (the column's default too). */
export const DEFAULT_MAX_ATTEMPTS = 10;

export const scheduleJobInput = z
  .object({
    /** Which runners take it: a runner claims the queues it has handlers for. */
    queue: z.string().min(1).max(200),
    payload: z.record(z.string(), z.unknown()),
    /** When it is due (absolute). Leave out both `runAt` and `delayMs` for "now". */
    runAt: z.date().optional(),
    /** Due this long after the database's current time. */
    delayMs: z.number().finite().nonnegative().optional(),
    /** Idempotency key, unique across queues while the job exists (until pruned or cancelled). */
    key: z.string().min(1).max(500).optional(),
    maxAttempts: z.number().int().min(1).max(1000).optional(),
  })
  .refine((input) => input.runAt === undefined || input.delayMs === undefined, {
    message: "give runAt or delayMs, not both",
  });

export type ScheduleJobInput = z.input<typeof scheduleJobInput>;

/**
 * Schedules a durable job. Idempotent on `key`: a second call with the same key does nothing and
 * returns false (also when the first job already ran, until it is pruned). Pass a transaction client
 * to schedule the job atomically with the change that needs it.
 *
 * A runner in this process sleeps at most its `pollMs`; call its `wake()` after scheduling a job due
 * sooner than that.
 */
export async function scheduleJob(db: PrismaLike, input: ScheduleJobInput): Promise<boolean> {
  const job = scheduleJobInput.parse(input);
  // Database time for a delay, so it means the same whichever process's clock scheduled it.
  const runAt = job.runAt ? utcTimestamp(job.runAt) : Sql.sql`${NOW_UTC} + ${msInterval(job.delayMs ?? 0)}`;
  const inserted = await db.$executeRaw`
    INSERT INTO "ScheduledJob" ("id", "queue", "key", "payload", "runAt", "maxAttempts")
    VALUES (${randomUUID()}::uuid, ${job.queue}, ${job.key ?? null}, ${JSON.stringify(job.payload)}::jsonb,
            ${runAt}, ${job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS})
    ON CONFLICT ("key") DO NOTHING`;
  return inserted === 1;
}

/**
 * Cancels the unfinished jobs whose key starts with `keyPrefix` (e.g. every timer of one quiz session,
 * `quiz:<sessionId>:`) and returns how many. Their keys become free to schedule again. A job already
 * running finishes, but its outcome is not recorded. Usable inside a transaction.
 */
export async function cancelJobs(db: PrismaLike, filter: { keyPrefix: string }): Promise<number> {
  if (!filter.keyPrefix) {
    throw new AppError(ErrorCode.InvalidInput, "cancelJobs needs a non-empty key prefix", {
      userMessage: "Cannot cancel jobs without a key prefix.",
    });
  }
  // starts_with, not LIKE: a prefix may contain "%" or "_".
  return db.$executeRaw`
    DELETE FROM "ScheduledJob"
    WHERE starts_with("key", ${filter.keyPrefix}) AND "doneAt" IS NULL AND "failedAt" IS NULL`;
}
