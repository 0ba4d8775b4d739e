import { z } from "zod";
import type { JobHandler } from "../jobs/job-runner.ts";
import { scheduleJob } from "../jobs/schedule-job.ts";
import type { Logger } from "../logger.ts";
import { nextDailyRun } from "../time/next-daily-run.ts";
import type { Prisma } from "./open-database.ts";

/** The durable queue of the embedded database's nightly VACUUM. */
export const VACUUM_QUEUE = "db:vacuum";
/** The nightly vacuum starts at this hour (UTC), before the retention run. */
export const VACUUM_HOUR_UTC = 3;

const payloadSchema = z.object({ date: z.iso.date() });

export interface VacuumJobDeps {
  db: Prisma;
  logger: Logger;
  now: () => Date;
}

/**
 * Schedules the next nightly vacuum after `now` (idempotent: keyed by its date). Only for the embedded
 * database: PGlite has no autovacuum, so without it dead rows pile up, statistics go stale, and no
 * index-only scan is possible (the due-card counts read the heap instead: BENCHMARKS.md, "Flashcards").
 * A Postgres server vacuums itself.
 */
export async function scheduleNightlyVacuum(deps: Pick<VacuumJobDeps, "db" | "now">): Promise<void> {
  const { date, runAt } = nextDailyRun(deps.now(), VACUUM_HOUR_UTC);
  await scheduleJob(deps.db, {
    queue: VACUUM_QUEUE,
    key: `vacuum:${date}`,
    payload: { date },
    runAt,
    maxAttempts: 3,
  });
}

/** The handler of {@link VACUUM_QUEUE}: `VACUUM (ANALYZE)` of the whole database, then the next night. */
export function vacuumJobHandlers(deps: VacuumJobDeps): Record<string, JobHandler> {
  const log = deps.logger.child({ component: "vacuum" });
  return {
    [VACUUM_QUEUE]: async (job) => {
      const payload = payloadSchema.safeParse(job.payload);
      if (!payload.success) {
        log.error({ jobId: job.id }, "vacuum job with an unreadable payload dropped");
        return;
      }
      const started = Date.now();
      // VACUUM cannot run inside a transaction; a raw statement on the client runs on its own.
      await deps.db.$executeRawUnsafe("VACUUM (ANALYZE)");
      log.info({ ms: Date.now() - started }, "vacuumed the embedded database");
      const thisNight = Date.parse(`${payload.data.date}T${String(VACUUM_HOUR_UTC).padStart(2, "0")}:00:00Z`);
      const now = deps.now().getTime();
      await scheduleNightlyVacuum({ db: deps.db, now: () => new Date(Math.max(now, thisNight)) });
    },
  };
}
