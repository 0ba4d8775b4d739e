import { scheduleJob } from "../jobs/schedule-job.ts";
import type { Tx } from "./flashcard-access.ts";

/** The durable job queue of per-person FSRS parameter fits; the app registers runParameterOptimization. */
export const STUDY_OPTIMIZE_QUEUE = "study.optimize";

/**
 * Reviews before a person's weights are fitted. FSRS's authors advise several hundred reviews (Anki's
 * manual: 400 at least; fewer and the fit is mostly noise, worse than the defaults, which were fitted
 * on millions of reviews). 400 is a few weeks of a 20-new-cards-a-day habit.
 */
export const OPTIMIZE_MIN_REVIEWS = 400;

/** The review count at which the next fit is due: the threshold, then each 50% growth since the last fit. */
export function nextFitAt(fittedFrom: number): number {
  return fittedFrom <= 0 ? OPTIMIZE_MIN_REVIEWS : Math.max(OPTIMIZE_MIN_REVIEWS, Math.ceil(fittedFrom * 1.5));
}

/**
 * Schedules a fit of the person's weights once their reviews reach the next fit count. The count stops
 * at that number (LIMIT), so the cost per review stays bounded however long the history grows; the job
 * key names the count, so every review past it schedules the same job once.
 */
export async function scheduleOptimizationIfDue(
  tx: Tx,
  input: { userId: string; fittedFrom: number },
): Promise<boolean> {
  const target = nextFitAt(input.fittedFrom);
  const [row] = await tx.$queryRaw<Array<{ n: number }>>`
    SELECT count(*)::int AS n FROM (
      SELECT 1 FROM "ReviewLog" WHERE "userId" = ${input.userId}::uuid LIMIT ${target}) r`;
  if ((row?.n ?? 0) < target) return false;
  return scheduleJob(tx, {
    queue: STUDY_OPTIMIZE_QUEUE,
    payload: { userId: input.userId },
    key: `study-optimize:${input.userId}:${target}`,
    maxAttempts: 3,
  });
}
