export const MIN_BACKOFF_MS = 1000;
export const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * The default wait before retrying a job that failed its `attempt`-th run (1-based): doubling from 1 s
 * up to 5 min, with "equal jitter" (a random point in the upper half) so jobs that failed together, say
 * because an API was down, do not all retry in the same instant.
 */
export function exponentialBackoff(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** Math.max(0, attempt - 1));
  return Math.max(MIN_BACKOFF_MS, Math.round(ceiling / 2 + random() * (ceiling / 2)));
}
