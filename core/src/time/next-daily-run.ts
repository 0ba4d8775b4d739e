/**
 * The next time of a job that runs once a day at `hourUtc` (UTC, 0-23), strictly after `now`, and its
 * date (YYYY-MM-DD): nightly jobs are keyed by that date, so scheduling the same night twice is one job.
 */
export function nextDailyRun(now: Date | number, hourUtc: number): { date: string; runAt: Date } {
  const from = typeof now === "number" ? now : now.getTime();
  const runAt = new Date(from);
  runAt.setUTCHours(hourUtc, 0, 0, 0);
  if (runAt.getTime() <= from) runAt.setUTCDate(runAt.getUTCDate() + 1);
  return { date: runAt.toISOString().slice(0, 10), runAt };
}
