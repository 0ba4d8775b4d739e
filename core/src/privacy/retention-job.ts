import { z } from "zod";
import type { Prisma } from "../db/open-database.ts";
import type { JobHandler } from "../jobs/job-runner.ts";
import { scheduleJob } from "../jobs/schedule-job.ts";
import type { Logger } from "../logger.ts";
import { nextDailyRun } from "../time/next-daily-run.ts";
import { enforceRetention } from "./enforce-retention.ts";

/** The durable queue of the nightly retention run. */
export const RETENTION_QUEUE = "privacy:retention";
/** The nightly run starts at this hour (UTC), after the LMS roster round. */
export const RETENTION_HOUR_UTC = 4;

const payloadSchema = z.object({ date: z.iso.date() });

export interface RetentionJobDeps {
  db: Prisma;
  logger: Logger;
  /** Days to keep conversations, messages and usage logs; 0 keeps them for ever (no job runs). */
  retentionDays: number;
  now: () => Date;
}

/**
 * Schedules the next nightly run after `now` (idempotent: keyed by its date, so every process may call
 * it at start). Does nothing when retention is off.
 */
export async function scheduleNightlyRetention(
  deps: Pick<RetentionJobDeps, "db" | "retentionDays" | "now">,
): Promise<{ date: string; runAt: Date } | null> {
  if (deps.retentionDays <= 0) return null;
  const { date, runAt } = nextDailyRun(deps.now(), RETENTION_HOUR_UTC);
  await scheduleJob(deps.db, {
    queue: RETENTION_QUEUE,
    key: `retention:${date}`,
    payload: { date },
    runAt,
    maxAttempts: 5,
  });
  return { date, runAt };
}

/**
 * The handlers of {@link RETENTION_QUEUE}, for the app's job runner: each night's run deletes what has
 * expired and schedules the next night. A failure is retried by the runner; a run that never succeeds
 * still leaves the next night scheduled by the process that starts next.
 */
export function retentionJobHandlers(deps: RetentionJobDeps): Record<string, JobHandler> {
  const log = deps.logger.child({ component: "retention" });
  return {
    [RETENTION_QUEUE]: async (job) => {
      const payload = payloadSchema.safeParse(job.payload);
      if (!payload.success) {
        log.error({ jobId: job.id }, "retention job with an unreadable payload dropped");
        return;
      }
      if (deps.retentionDays <= 0) {
        log.info("retention is off (RETENTION_DAYS=0); nothing deleted");
        return;
      }
      await enforceRetention({ retentionDays: deps.retentionDays }, { ...deps, logger: log });
      // The next night after this run's own night, even if the clock still reads earlier (a run claimed
      // early, a skewed clock): scheduling from `now` alone would find this night's key and add nothing.
      const thisNight = Date.parse(
        `${payload.data.date}T${String(RETENTION_HOUR_UTC).padStart(2, "0")}:00:00Z`,
      );
      const now = deps.now();
      await scheduleNightlyRetention({ ...deps, now: () => new Date(Math.max(now.getTime(), thisNight)) });
    },
  };
}
