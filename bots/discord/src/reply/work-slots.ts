import { monitorEventLoopDelay } from "node:perf_hooks";

/**
 * Bounds how many answers (and uploads) one process works on at once, so acknowledging new
 * interactions is never starved. Answers waiting on a remote model cost the event loop little, and
 * many may run together; answers from the embedded database and the local AI run on the event loop
 * itself, and a few dozen of them would delay the next defer past Discord's 3 seconds. So the limit
 * adapts to the measured event-loop delay: it grows by one while the loop is responsive and halves
 * when it lags (additive increase, multiplicative decrease). Work waits for a slot only after its
 * interaction is acknowledged, and starts on a fresh turn of the event loop.
 */
export interface WorkSlots {
  /** Resolves when a slot is free; call the returned function (once) to give it back. */
  acquire(): Promise<() => void>;
  /** The current limit and how many wait (for logs and tests). */
  readonly limit: number;
  readonly waiting: number;
  /** Re-reads the event-loop delay and adjusts the limit; runs on a timer, callable from tests. */
  adjust(): void;
  close(): void;
}

export interface WorkSlotOptions {
  min: number;
  max: number;
  /** The event-loop delay (p99 over the last interval, ms) above which the limit halves. */
  targetLagMs: number;
  intervalMs?: number;
  /** For tests: the delay to act on; by default measured with monitorEventLoopDelay. */
  lagMs?: () => number;
}

export function createWorkSlots(options: WorkSlotOptions): WorkSlots {
  const histogram = options.lagMs ? null : monitorEventLoopDelay({ resolution: 10 });
  histogram?.enable();
  const lagMs =
    options.lagMs ??
    (() => {
      const p99 = histogram!.percentile(99) / 1e6;
      histogram!.reset();
      return p99;
    });
  let limit = options.min;
  let active = 0;
  const queue: Array<() => void> = [];
  const startWaiting = () => {
    while (active < limit && queue.length > 0) {
      active++;
      setImmediate(queue.shift()!);
    }
  };
  const timer = setInterval(() => slots.adjust(), options.intervalMs ?? 100);
  timer.unref();

  const slots: WorkSlots = {
    get limit() {
      return limit;
    },
    get waiting() {
      return queue.length;
    },
    async acquire() {
      await new Promise<void>((resolve) => {
        queue.push(resolve);
        startWaiting();
      });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        active--;
        startWaiting();
      };
    },
    adjust() {
      const lag = lagMs();
      if (lag > options.targetLagMs) limit = Math.max(options.min, Math.floor(limit / 2));
      else if (lag < options.targetLagMs / 2 && active >= limit) limit = Math.min(options.max, limit + 1);
      startWaiting();
    },
    close() {
      clearInterval(timer);
      histogram?.disable();
    },
  };
  return slots;
}
