// The statements a runner uses to claim and settle jobs. Every time comparison uses the database's
// clock (NOW_UTC), so processes with skewed clocks agree on what is due.
import { Prisma as Sql } from "../db/generated/client.ts";
import { msInterval, NOW_UTC, type PrismaLike } from "./job-sql.ts";

export interface ClaimedJob {
  id: string;
  queue: string;
  payload: unknown;
  /** Including this run. */
  attempts: number;
  maxAttempts: number;
}

/** Which claim a settlement belongs to: it applies only while that claim still holds the job. */
export interface JobClaim {
  id: string;
  workerId: string;
  attempts: number;
}

/** Longest `lastError` kept; enough for a message, not for a stack or a response body. */
export const MAX_ERROR_LENGTH = 1000;

/**
 * Claims up to `limit` due, unlocked jobs of `queues` in one statement. SKIP LOCKED lets concurrent
 * runners claim disjoint rows without waiting; a row another runner claimed meanwhile is re-checked
 * against the WHERE clause and dropped. A lapsed lock (a crashed worker) makes a job claimable again.
 */
export async function claimDueJobs(
  db: PrismaLike,
  options: { workerId: string; queues: string[]; limit: number; lockMs: number },
): Promise<ClaimedJob[]> {
  if (options.queues.length === 0 || options.limit <= 0) return [];
  // The CTE only orders the result: UPDATE ... RETURNING gives rows in no particular order, and
  // handlers should start oldest first.
  return db.$queryRaw<ClaimedJob[]>`
    WITH "claimed" AS (
      UPDATE "ScheduledJob"
      SET "lockedBy" = ${options.workerId}, "lockedUntil" = ${NOW_UTC} + ${msInterval(options.lockMs)},
          "attempts" = "attempts" + 1
      WHERE "id" IN (
        SELECT "id" FROM "ScheduledJob"
        WHERE "queue" = ANY(${options.queues}::text[]) AND "doneAt" IS NULL AND "failedAt" IS NULL
          AND "runAt" <= ${NOW_UTC} AND ("lockedUntil" IS NULL OR "lockedUntil" < ${NOW_UTC})
        ORDER BY "runAt"
        LIMIT ${options.limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING "id", "queue", "payload", "attempts", "maxAttempts", "runAt")
    SELECT "id", "queue", "payload", "attempts", "maxAttempts" FROM "claimed" ORDER BY "runAt", "id"`;
}

/**
 * A running job's heartbeat: its lock runs `lockMs` from the database's now again. False when the
 * claim is no longer this runner's: its lock lapsed and another runner re-claimed the job (the attempt
 * count moved on), or the job was cancelled or settled. A lapsed lock that nobody re-claimed is
 * extended: no one else has run the job meanwhile.
 */
export async function extendJobLock(db: PrismaLike, claim: JobClaim, lockMs: number): Promise<boolean> {
  const updated = await db.$executeRaw`
    UPDATE "ScheduledJob" SET "lockedUntil" = ${NOW_UTC} + ${msInterval(lockMs)}
    WHERE ${heldBy(claim)} AND "doneAt" IS NULL AND "failedAt" IS NULL`;
  return updated === 1;
}

/** Marks a claimed job done. False when the claim had lapsed and another worker took the job over. */
export async function markJobDone(db: PrismaLike, claim: JobClaim): Promise<boolean> {
  const updated = await db.$executeRaw`
    UPDATE "ScheduledJob" SET "doneAt" = ${NOW_UTC}, "lockedBy" = NULL, "lockedUntil" = NULL
    WHERE ${heldBy(claim)}`;
  return updated === 1;
}

/** Records a failure and makes the job due again after `delayMs`. */
export async function retryJobLater(
  db: PrismaLike,
  claim: JobClaim,
  error: string,
  delayMs: number,
): Promise<boolean> {
  const updated = await db.$executeRaw`
    UPDATE "ScheduledJob"
    SET "lastError" = ${truncate(error)}, "runAt" = ${NOW_UTC} + ${msInterval(delayMs)},
        "lockedBy" = NULL, "lockedUntil" = NULL
    WHERE ${heldBy(claim)}`;
  return updated === 1;
}

/** Records the last failure and gives the job up for good. */
export async function markJobFailed(db: PrismaLike, claim: JobClaim, error: string): Promise<boolean> {
  const updated = await db.$executeRaw`
    UPDATE "ScheduledJob"
    SET "lastError" = ${truncate(error)}, "failedAt" = ${NOW_UTC}, "lockedBy" = NULL, "lockedUntil" = NULL
    WHERE ${heldBy(claim)}`;
  return updated === 1;
}

/**
 * Milliseconds until the next claimable job of `queues` is due (zero or less: due now), or null when
 * none is waiting. Jobs locked by a runner are left out: they are running, and a lapsed lock is found
 * by the next poll.
 */
export async function msUntilNextJob(db: PrismaLike, queues: string[]): Promise<number | null> {
  if (queues.length === 0) return null;
  const [row] = await db.$queryRaw<{ ms: number | null }[]>`
    SELECT (EXTRACT(EPOCH FROM (min("runAt") - ${NOW_UTC})) * 1000)::float8 AS "ms"
    FROM "ScheduledJob"
    WHERE "queue" = ANY(${queues}::text[]) AND "doneAt" IS NULL AND "failedAt" IS NULL
      AND ("lockedUntil" IS NULL OR "lockedUntil" < ${NOW_UTC})`;
  return row?.ms ?? null;
}

// The attempt count fences a settlement: a worker whose lock lapsed (it stalled past lockMs) must not
// overwrite the outcome of the worker that re-claimed the job, even if the worker id were reused.
function heldBy(claim: JobClaim) {
  return Sql.sql`"id" = ${claim.id}::uuid AND "lockedBy" = ${claim.workerId} AND "attempts" = ${claim.attempts}`;
}

function truncate(text: string): string {
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
