/**
 * Coalesces a stream of updates into at most one send per `intervalMs`, never two in flight: the
 * latest state wins and intermediate states are dropped. Used for streaming answers and ingestion
 * progress, because Discord allows only a few edits of a message every few seconds.
 */
export interface ThrottledEditor<T> {
  /** Records the newest state; it is sent when the interval allows. */
  push(state: T): void;
  /** Stops sending and waits for an edit in flight, so a final edit cannot be overtaken. */
  finish(): Promise<void>;
}

export function createThrottledEditor<T>(options: {
  intervalMs: number;
  send: (state: T) => Promise<unknown>;
  onError: (error: unknown) => void;
}): ThrottledEditor<T> {
  let latest: { state: T } | null = null;
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<void> | null = null;
  let lastSentAt = Number.NEGATIVE_INFINITY;
  let finished = false;

  const schedule = () => {
    if (finished || timer || inFlight || !latest) return;
    const wait = Math.max(0, lastSentAt + options.intervalMs - Date.now());
    timer = setTimeout(flush, wait);
  };

  const flush = () => {
    timer = null;
    if (finished || !latest) return;
    const { state } = latest;
    latest = null;
    lastSentAt = Date.now();
    inFlight = options
      .send(state)
      .then(
        () => undefined,
        (error: unknown) => options.onError(error),
      )
      .finally(() => {
        inFlight = null;
        schedule();
      });
  };

  return {
    push(state) {
      latest = { state };
      schedule();
    },
    async finish() {
      finished = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await inFlight;
    },
  };
}
