import { type Clock, type Logger, realClock, type Timer } from "@studyhall/core";

/**
 * Work done after a request was acknowledged (answers, ingestion, follow-ups of modals). It shares the
 * event loop with the acknowledgements of new requests, which Slack wants within 3 seconds, so jobs
 * are admitted adaptively: always `min` at once, and up to `max` only while the event loop keeps up.
 * Answers that mostly wait (a remote model streaming for seconds) run many at once; answers that keep
 * the CPU busy (the embedded database, the offline responder) run a few at a time, and new requests
 * are still acknowledged promptly.
 */
export interface BackgroundWork {
  /** Queues `job`; its failure is logged here, so jobs report user-facing errors themselves. */
  run(label: string, log: Logger, job: () => Promise<void>): void;
  /** Runs `job` at once, ahead of the queue (for work with its own deadline); counted by idle(). */
  runNow(label: string, log: Logger, job: () => Promise<void>): Promise<void>;
  /** Resolves when nothing is queued or running (for shutdown and tests). */
  idle(): Promise<void>;
  readonly pending: number;
}

export interface BackgroundWorkOptions {
  /** Jobs always allowed to run at once. */
  min: number;
  /** Jobs allowed at once while the event loop keeps up. */
  max: number;
  /** Event-loop lag above which no further jobs are started. */
  lagThresholdMs: number;
  /** Whose timers the lag probe runs on (real time by default; tests pass a manual clock). */
  clock?: Clock;
}

const PROBE_MS = 10;

export function createBackgroundWork(options: BackgroundWorkOptions): BackgroundWork {
  const queue: Array<() => Promise<void>> = [];
  let running = 0;
  let idleWaiters: Array<() => void> = [];
  // Additive increase, multiplicative decrease (as TCP does): one more job per tick while the loop
  // keeps up and work is waiting, half as many as soon as it lags.
  let allowed = options.min;
  const lag = createLagProbe(options.clock ?? realClock, (current) => {
    if (current >= options.lagThresholdMs) allowed = Math.max(options.min, Math.floor(allowed / 2));
    else if (queue.length > 0 && running >= allowed) allowed = Math.min(options.max, allowed + 1);
    pump();
  });

  const guarded = (label: string, log: Logger, job: () => Promise<void>) => async () => {
    try {
      await job();
    } catch (error) {
      log.error({ err: error, job: label }, "background job failed");
    }
  };
  const finished = () => {
    running -= 1;
    pump();
  };
  const mayStart = () => running < allowed;

  function pump(): void {
    while (queue.length > 0 && mayStart()) {
      const next = queue.shift()!;
      running += 1;
      // setImmediate: start after pending I/O (new requests to acknowledge) has had its turn.
      setImmediate(() => void next().finally(finished));
    }
    if (queue.length > 0 || running > 0) lag.start();
    else {
      lag.stop();
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  return {
    run(label, log, job) {
      queue.push(guarded(label, log, job));
      pump();
    },
    async runNow(label, log, job) {
      running += 1;
      try {
        await guarded(label, log, job)();
      } finally {
        finished();
      }
    },
    idle() {
      if (running === 0 && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    get pending() {
      return running + queue.length;
    },
  };
}

/** Measures how late a 10 ms timer fires (the event loop's lag), only while there is work. */
function createLagProbe(clock: Clock, onTick: (lagMs: number) => void) {
  let timer: Timer | undefined;
  let expected = 0;
  const arm = () => {
    expected = clock.now() + PROBE_MS;
    timer = clock.setTimer(tick, PROBE_MS, { unref: true });
  };
  const tick = () => {
    const lag = Math.max(0, clock.now() - expected);
    arm();
    onTick(lag);
  };
  return {
    start() {
      if (!timer) arm();
    },
    stop() {
      timer?.cancel();
      timer = undefined;
    },
  };
}
