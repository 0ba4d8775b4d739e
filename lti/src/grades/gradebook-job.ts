import {
  GRADEBOOK_SYNC_MAX_ATTEMPTS,
  gradebookJobPayload,
  type JobHandler,
  type Prisma,
  RetryLater,
} from "@studyhall/core";
import type { DeliveryTuning } from "./deliver-scores.ts";
import { type GradeSyncDeps, syncSessionGrades } from "./sync-session-grades.ts";

/** The job's knobs; production defaults, tests and benchmarks turn them. */
export interface GradebookJobTuning extends Omit<DeliveryTuning, "deadline"> {
  /**
   * How long one run may start new tries; what is left waits for the job's next run. The runner's
   * heartbeat holds the job meanwhile, and each LMS call has its own deadline (LTI_HTTP_TIMEOUT_MS).
   */
  runBudgetMs: number;
  /** The wait before the job's next run after its `attempt`-th left scores pending. */
  nextRunDelayMs: (attempt: number) => number;
}

const MINUTE = 60_000;

/** 30 s, 1, 2, 4 ... minutes, up to an hour: twelve runs span about six hours of an LMS outage. */
export function gradebookRetryDelay(attempt: number): number {
  return Math.min(60 * MINUTE, 30_000 * 2 ** Math.max(0, attempt - 1));
}

export const DEFAULT_GRADEBOOK_TUNING: GradebookJobTuning = {
  concurrency: 8,
  tries: 3,
  retryBaseMs: 500,
  maxInJobWaitMs: 10_000,
  runBudgetMs: 40_000,
  now: Date.now,
  nextRunDelayMs: gradebookRetryDelay,
};

/**
 * The handler of core's gradebook queue: delivers a finished session's scores to the course's LMS
 * gradebooks. What the platform throttles or fails on is left PENDING and the job runs again later
 * (RetryLater, after at least the platform's Retry-After); its last run marks what is still owed
 * FAILED, so the instructor sees it. The LtiScore rows and the job are durable: a restart resumes.
 */
export function createGradebookJobHandler(
  deps: GradeSyncDeps & { tuning?: Partial<GradebookJobTuning> },
): JobHandler {
  const tuning = { ...DEFAULT_GRADEBOOK_TUNING, ...deps.tuning };
  return async (job) => {
    const payload = gradebookJobPayload.safeParse(job.payload);
    if (!payload.success) {
      // Nothing a retry could mend.
      deps.log.error({ jobId: job.id }, "gradebook job without a session id; dropped");
      return;
    }
    const { sessionId } = payload.data;
    const lastRun = job.attempts >= GRADEBOOK_SYNC_MAX_ATTEMPTS;
    const log = deps.log.child({ jobId: job.id, attempt: job.attempts });
    let outcome: Awaited<ReturnType<typeof syncSessionGrades>>;
    try {
      outcome = await syncSessionGrades({ ...deps, log, signal: job.signal }, sessionId, {
        ...tuning,
        deadline: tuning.now() + tuning.runBudgetMs,
      });
    } catch (error) {
      if (lastRun) await giveUp(deps.db, sessionId, error instanceof Error ? error.message : String(error));
      throw error;
    }
    if (outcome.pending === 0) return;
    if (lastRun) {
      const given = await giveUp(deps.db, sessionId, outcome.lastError ?? "still pending");
      log.error({ scores: given }, "gave up delivering scores to the LMS gradebook");
      return;
    }
    const delayMs = Math.max(outcome.retryAfterMs ?? 0, tuning.nextRunDelayMs(job.attempts));
    throw new RetryLater(
      `${outcome.pending} score(s) still owed to the LMS gradebook: ${outcome.lastError ?? "pending"}`,
      delayMs,
    );
  };
}

/** Marks what the session still owes as FAILED after the job's last run; returns how many. */
async function giveUp(db: Prisma, sessionId: string, reason: string): Promise<number> {
  const { count } = await db.ltiScore.updateMany({
    where: { status: "PENDING", result: { sessionId } },
    data: {
      status: "FAILED",
      lastError: `gave up after ${GRADEBOOK_SYNC_MAX_ATTEMPTS} runs: ${reason}`.slice(0, 500),
    },
  });
  return count;
}
