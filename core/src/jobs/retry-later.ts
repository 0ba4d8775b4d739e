/**
 * Thrown by a job handler to be run again after exactly `retryAfterMs` instead of the runner's backoff,
 * e.g. when an API answered 429 with a Retry-After header. It still counts as an attempt.
 */
export class RetryLater extends Error {
  override readonly name = "RetryLater";
  readonly retryAfterMs: number;

  constructor(message: string, retryAfterMs: number) {
    super(message);
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * The delay a failed handler asked for: a {@link RetryLater}, or any error carrying a finite,
 * non-negative `retryAfterMs` (an HTTP client's own error type need not extend ours).
 */
export function requestedRetryDelay(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null || !("retryAfterMs" in error)) return undefined;
  const ms = error.retryAfterMs;
  return typeof ms === "number" && Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}
