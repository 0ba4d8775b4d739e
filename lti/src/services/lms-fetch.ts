import { AppError, ErrorCode } from "@studyhall/core";

/** The longest one call to an LMS may take when `LTI_HTTP_TIMEOUT_MS` is not set. */
export const DEFAULT_LMS_TIMEOUT_MS = 15_000;

export type Fetch = typeof globalThis.fetch;

/** What a call that ran out of time says in its AppError's details. */
export interface LmsTimeoutDetails {
  timeoutMs: number;
  /** Origin and path only: a query string may carry ids, and the LMS's own tokens never belong in a log. */
  target: string;
}

/**
 * `fetch` with a deadline for every call to an LMS (service tokens, AGS, NRPS, dynamic registration):
 * a platform that stalls cannot hold a job, and with it the job's lock and a worker slot, for minutes.
 * The deadline covers the answer's headers and a body read right away. The caller's own signal (a job
 * whose claim was lost) still aborts the call at once. A call past its deadline throws an Upstream
 * AppError naming the target and the limit, which callers treat like any network failure: retry later.
 */
export function withDeadline(timeoutMs: number, fetchImpl: Fetch = globalThis.fetch): Fetch {
  return async (input, init = {}) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    try {
      return await fetchImpl(input, { ...init, signal });
    } catch (error) {
      if (!deadline.aborted || init.signal?.aborted) throw error;
      const method = init.method ?? (input instanceof Request ? input.method : "GET");
      const details: LmsTimeoutDetails = { timeoutMs, target: targetOf(input) };
      throw new AppError(
        ErrorCode.Upstream,
        `${method} ${details.target} did not answer within ${timeoutMs} ms`,
        { cause: error, details: { ...details } },
      );
    }
  };
}

/** The fetch every LMS call uses unless the front end passes one bound to the configured deadline. */
export const defaultLmsFetch: Fetch = withDeadline(DEFAULT_LMS_TIMEOUT_MS);

function targetOf(input: Parameters<Fetch>[0]): string {
  const url = new URL(input instanceof Request ? input.url : String(input));
  return `${url.origin}${url.pathname}`;
}
