/**
 * Bounds one call to the AI provider. `signal` aborts when the caller's signal does, when the whole call
 * (every attempt, the SDK's backoff and the streamed answer) outlasts `deadlineMs`, or, once
 * {@link CallDeadline.heard} has been called, when `idleMs` pass without another call to it: a stream
 * that stops sending is cut off rather than held open until the overall deadline.
 */
export interface CallDeadline {
  signal: AbortSignal;
  /** A piece of the answer arrived: the silence allowed starts again. */
  heard(): void;
  /**
   * `work`, or a rejection as soon as `signal` aborts. The SDK's pause before a retry does not watch
   * the signal and honours any `Retry-After` (an hour, if a server says so); this does not wait for it.
   */
  bound<T>(work: Promise<T>): Promise<T>;
  /** Why the call was cut short by this deadline, for the error message; null when it was not. */
  reason(): string | null;
  /** Clears the timers; call when the call settles. */
  dispose(): void;
}

export interface CallDeadlineOptions {
  deadlineMs: number;
  /** Longest silence between two pieces of a streamed answer; no limit when unset. */
  idleMs?: number;
  /** The caller's own signal (a cancelled request). */
  signal?: AbortSignal;
}

export function startCallDeadline(options: CallDeadlineOptions): CallDeadline {
  const controller = new AbortController();
  let why: string | null = null;
  const cut = (reason: string) => {
    if (controller.signal.aborted) return;
    why = reason;
    controller.abort(new Error(reason));
  };
  const overall = setTimeout(() => cut(`no answer within ${options.deadlineMs} ms`), options.deadlineMs);
  let idle: ReturnType<typeof setTimeout> | undefined;
  const onCallerAbort = () => controller.abort(options.signal?.reason);
  const aborted = new Promise<never>((_, reject) => {
    const fail = () => reject(controller.signal.reason);
    if (controller.signal.aborted) fail();
    else controller.signal.addEventListener("abort", fail, { once: true });
  });
  // Nobody waits on it once the work has settled.
  aborted.catch(() => {});
  if (options.signal?.aborted) onCallerAbort();
  else options.signal?.addEventListener("abort", onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    heard() {
      if (options.idleMs === undefined || controller.signal.aborted) return;
      clearTimeout(idle);
      const idleMs = options.idleMs;
      idle = setTimeout(() => cut(`the answer stalled: nothing for ${idleMs} ms`), idleMs);
    },
    bound: (work) => Promise.race([work, aborted]),
    reason: () => why,
    dispose() {
      clearTimeout(overall);
      clearTimeout(idle);
      options.signal?.removeEventListener("abort", onCallerAbort);
    },
  };
}
