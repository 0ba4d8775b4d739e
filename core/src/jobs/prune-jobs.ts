import { msInterval, NOW_UTC, type PrismaLike } from "./job-sql.ts";

/**
 * Deletes jobs that succeeded more than `olderThanMs` ago (by database time) and returns how many.
 * Their keys become free again, so keep finished jobs longer than a keyed job could be re-scheduled
 * (a retried transition). Failed jobs stay for inspection.
 */
export async function pruneJobs(db: PrismaLike, olderThanMs: number = 7 * 24 * 3600_000): Promise<number> {
  return db.$executeRaw`
    DELETE FROM "ScheduledJob" WHERE "doneAt" IS NOT NULL AND "doneAt" < ${NOW_UTC} - ${msInterval(olderThanMs)}`;
}
