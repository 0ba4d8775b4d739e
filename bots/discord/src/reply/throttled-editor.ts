import { type Clock, realClock, type Timer } from "@studyhall/core";

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
  /** Whose time the interval is measured in (real time by default; tests pass a manual clock). */
  clock?: Clock;
}): ThrottledEditor<T> {
  const clock = options.clock ?? realClock;
  let latest: { state: T } | null = null;
  let timer: Timer | null = null;
  let inFlight: Promise<void> | null = null;
  let lastSentAt = Number.NEGATIVE_INFINITY;
  let finished = false;

  const schedule = () => {
    if (finished || timer || inFlight || !latest) return;
    const wait = Math.max(0, lastSentAt + options.intervalMs - clock.now());
    timer = clock.setTimer(flush, wait);
  };

  const flush = () => {
    timer = null;
    if (finished || !latest) return;
    const { state } = latest;
    latest = null;
    lastSentAt = clock.now();
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
      timer?.cancel();
      timer = null;
      await inFlight;
    },
  };
}
