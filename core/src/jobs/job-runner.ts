import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import type { Logger } from "../logger.ts";
import { type Clock, realClock, type Timer } from "../time/clock.ts";
import { exponentialBackoff } from "./job-backoff.ts";
import { startJobHeartbeat } from "./job-heartbeat.ts";
import {
  type ClaimedJob,
  claimDueJobs,
  type JobClaim,
  markJobDone,
  markJobFailed,
  msUntilNextJob,
  retryJobLater,
} from "./job-queries.ts";
import { requestedRetryDelay } from "./retry-later.ts";

/**
 * Runs one job. Delivery is at least once (a worker can crash after the work but before recording
 * it), so handlers must be idempotent. Throw to retry with backoff, or a `RetryLater` to pick the delay.
 * While it runs, the runner keeps the job's lock alive; `signal` aborts when this run stopped counting
 * (another runner holds the job, or the lock lapsed): stop at the next step, and pass it to outbound
 * calls. A run whose claim is lost has no outcome recorded, whatever it returns.
 */
export type JobHandler = (job: {
  id: string;
  queue: string;
  payload: unknown;
  attempts: number;
  signal: AbortSignal;
}) => Promise<void>;

export interface JobRunnerOptions {
  db: Prisma;
  logger: Logger;
  /** One handler per queue; the runner claims jobs of these queues only. */
  handlers: Record<string, JobHandler>;
  /** Names this runner's claims; unique per runner (default: host, pid and a random suffix). */
  workerId?: string;
  /** Longest sleep between passes when no job is due sooner (default 500 ms). */
  pollMs?: number;
  /**
   * How long a claim holds a job without a heartbeat; a running handler's lock is extended every
   * `lockMs / 3`, so only a worker silent for longer (dead, frozen, cut off) loses its jobs (default 60 s).
   */
  lockMs?: number;
  /** Most jobs claimed in one pass (default: `concurrency`). */
  batchSize?: number;
  /** Most handlers running at once in this runner (default 4). */
  concurrency?: number;
  /** Milliseconds to wait after the `attempt`-th failure (default exponential with jitter, 1 s to 5 min). */
  backoff?: (attempt: number) => number;
  /** Time and timers for polling and heartbeats (default the process's own); tests step their own. */
  clock?: Clock;
}

export interface JobRunner {
  /** Starts polling. */
  start(): void;
  /** Stops polling and resolves once every running handler has finished and been recorded. */
  stop(): Promise<void>;
  /** Polls now, e.g. after scheduling a job due sooner than `pollMs`. */
  wake(): void;
  /** One claim-and-run pass, waiting for its handlers; returns how many jobs it ran (tests, benchmarks). */
  runDue(): Promise<number>;
}

/** Never sleep less than this when a job looked due but could not be claimed (another runner held it). */
const MIN_RETRY_SLEEP_MS = 10;

/**
 * Creates a runner of durable jobs stored in `ScheduledJob`. Any number of runners, in any number of
 * processes sharing the database, may run the same queues: each job is claimed by one of them at a time,
 * and a heartbeat holds the claim for as long as its handler runs (see job-heartbeat.ts).
 * Besides polling every `pollMs`, a runner sleeps only until the next job of its queues is due, so a
 * timer fires within a few milliseconds of its time.
 */
export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { db, handlers } = options;
  const queues = Object.keys(handlers);
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const pollMs = options.pollMs ?? 500;
  const lockMs = options.lockMs ?? 60_000;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const batchSize = Math.max(1, options.batchSize ?? concurrency);
  const backoff = options.backoff ?? exponentialBackoff;
  const clock = options.clock ?? realClock;
  const logger = options.logger.child({ component: "job-runner", workerId });

  const running = new Set<Promise<void>>();
  let passes: Promise<unknown> = Promise.resolve();
  let started = false;
  let timer: Timer | undefined;
  let ticking: Promise<void> | undefined;
  let wakeRequested = false;

  /** Claims as many due jobs as there are free slots and starts them; passes never overlap. */
  function pass(): Promise<{ begun: Promise<void>[]; limit: number }> {
    const next = passes.then(async () => {
      const limit = Math.min(batchSize, concurrency - running.size);
      const jobs = await claimDueJobs(db, { workerId, queues, lockMs, limit });
      return { begun: jobs.map((job) => track(runJob(job))), limit };
    });
    passes = next.catch(() => {});
    return next;
  }

  function track(work: Promise<void>): Promise<void> {
    running.add(work);
    void work.finally(() => {
      running.delete(work);
      // A free slot may let a waiting job start.
      wake();
    });
    return work;
  }

  async function runJob(job: ClaimedJob): Promise<void> {
    const claim: JobClaim = { id: job.id, workerId, attempts: job.attempts };
    const log = logger.child({ jobId: job.id, queue: job.queue, attempt: job.attempts });
    const heartbeat = startJobHeartbeat({ db, claim, lockMs, clock, log });
    let outcome: { ok: true } | { ok: false; error: unknown };
    try {
      const handler = handlers[job.queue];
      if (!handler) throw new Error(`no handler for queue ${job.queue}`);
      const { id, queue, payload, attempts } = job;
      await handler({ id, queue, payload, attempts, signal: heartbeat.signal });
      outcome = { ok: true };
    } catch (error) {
      outcome = { ok: false, error };
    }
    await heartbeat.stop();
    if (heartbeat.lost) {
      log.warn({ lockMs }, "job outlived its lock; its outcome was not recorded");
      return;
    }
    try {
      const recorded = outcome.ok
        ? await markJobDone(db, claim)
        : await recordFailure(job, claim, outcome.error, log);
      // The lock lapsed (no heartbeat got through) and another worker re-claimed the job, or the job
      // was cancelled: the other outcome is the one that counts.
      if (!recorded) log.warn({ lockMs }, "job outlived its lock; its outcome was not recorded");
    } catch (error) {
      // The lock lapses and the job runs again: at least once.
      log.error({ err: error }, "could not record a job's outcome");
    }
  }

  /** Schedules a retry or gives up; logs only what was recorded. False when the claim had lapsed. */
  async function recordFailure(
    job: ClaimedJob,
    claim: JobClaim,
    error: unknown,
    log: Logger,
  ): Promise<boolean> {
    const message = error instanceof Error ? error.message : String(error);
    if (job.attempts >= job.maxAttempts) {
      const recorded = await markJobFailed(db, claim, message);
      if (recorded)
        log.error({ err: error, maxAttempts: job.maxAttempts }, "job failed for the last time; giving up");
      return recorded;
    }
    const delayMs = requestedRetryDelay(error) ?? backoff(job.attempts);
    const recorded = await retryJobLater(db, claim, message, delayMs);
    if (recorded) log.warn({ err: error, retryInMs: delayMs }, "job failed; will retry");
    return recorded;
  }

  /** How long to sleep after a pass, or null to wait for a running handler to free a slot. */
  async function nextSleep(claimed: number, limit: number): Promise<number | null> {
    if (running.size >= concurrency) return null;
    if (claimed > 0 && claimed === limit) return 0; // more may be due
    const ms = await msUntilNextJob(db, queues);
    if (ms === null) return pollMs;
    // Rounded up, plus one: waking a hair early would find nothing due yet.
    const floor = claimed === 0 ? MIN_RETRY_SLEEP_MS : 0;
    return Math.min(pollMs, Math.max(floor, Math.ceil(ms) + 1));
  }

  function tick(): void {
    timer = undefined;
    if (!started) return;
    wakeRequested = false;
    ticking = runTick().finally(() => {
      ticking = undefined;
      // A wake that came after the pass chose its sleep (a handler finishing meanwhile) is not lost.
      if (wakeRequested) {
        wakeRequested = false;
        schedule(0);
      }
    });
  }

  async function runTick(): Promise<void> {
    let sleep: number | null = pollMs;
    try {
      const { begun, limit } = await pass();
      sleep = await nextSleep(begun.length, limit);
    } catch (error) {
      logger.error({ err: error }, "job pass failed; retrying after pollMs");
    }
    if (wakeRequested) {
      wakeRequested = false;
      sleep = 0;
    }
    // Checked again here, synchronously: a handler that finished during the awaits above has woken us.
    if (sleep === null && running.size < concurrency) sleep = 0;
    if (sleep !== null) schedule(sleep);
  }

  function schedule(ms: number): void {
    if (!started) return;
    timer?.cancel();
    timer = clock.setTimer(tick, ms);
  }

  function wake(): void {
    if (!started) return;
    if (ticking) wakeRequested = true;
    else schedule(0);
  }

  return {
    start() {
      if (started) return;
      if (queues.length === 0)
        throw new AppError(ErrorCode.Config, "a job runner needs at least one handler");
      started = true;
      schedule(0);
    },
    async stop() {
      started = false;
      timer?.cancel();
      timer = undefined;
      await ticking;
      await passes;
      // A pass that was claiming may have started more handlers; wait until none is left.
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    wake,
    async runDue() {
      const { begun } = await pass();
      await Promise.all(begun);
      return begun.length;
    },
  };
}
