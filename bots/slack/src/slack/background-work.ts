import type { Logger } from "@studyhall/core";

/**
 * Work done after a request was acknowledged (answers, ingestion, modals' follow-ups). A bounded number
 * run at once so a burst of questions cannot starve the event loop that acknowledges new requests
 * within Slack's 3 seconds; the rest wait their turn in order.
 */
export interface BackgroundWork {
  /** Queues `job`; its failure is logged here, so jobs report user-facing errors themselves. */
  run(label: string, log: Logger, job: () => Promise<void>): void;
  /** Resolves when nothing is queued or running (for shutdown and tests). */
  idle(): Promise<void>;
  readonly pending: number;
}

export function createBackgroundWork(concurrency: number): BackgroundWork {
  const queue: Array<() => Promise<void>> = [];
  let running = 0;
  let idleWaiters: Array<() => void> = [];

  const pump = () => {
    while (running < concurrency && queue.length > 0) {
      const next = queue.shift()!;
      running += 1;
      // setImmediate: start each job after pending I/O (new requests to ack) has had its turn.
      setImmediate(() => {
        next().finally(() => {
          running -= 1;
          pump();
        });
      });
    }
    if (running === 0 && queue.length === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const wake of waiters) wake();
    }
  };

  return {
    run(label, log, job) {
      queue.push(async () => {
        try {
          await job();
        } catch (error) {
          log.error({ err: error, job: label }, "background job failed");
        }
      });
      pump();
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
