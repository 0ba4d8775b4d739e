import pino from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createManualClock, type ManualClock } from "../../../test/support/manual-clock.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import type { Database } from "../db/open-database.ts";
import { createJobRunner, type JobHandler, type JobRunner, type JobRunnerOptions } from "./job-runner.ts";
import { RetryLater } from "./retry-later.ts";
import { scheduleJob } from "./schedule-job.ts";

let database: Database;
const db = () => database.prisma;
const runners: JobRunner[] = [];

interface Run {
  id: string;
  payload: unknown;
  attempts: number;
}

/** A logger whose lines the test can read. */
function capturedLogger() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

function runner(handlers: Record<string, JobHandler>, options: Partial<JobRunnerOptions> = {}): JobRunner {
  const created = createJobRunner({
    db: db(),
    logger: pino({ level: "silent" }),
    handlers,
    pollMs: 20,
    ...options,
  });
  runners.push(created);
  return created;
}

/** A handler that records each run, then does what `behave` says for that attempt. */
function recording(runs: Run[], behave: (attempt: number) => Promise<void> | void = () => {}): JobHandler {
  return async (job) => {
    runs.push({ id: job.id, payload: job.payload, attempts: job.attempts });
    await behave(job.attempts);
  };
}

/** A backoff of `ms` that notes each attempt it was asked about. */
function fixedBackoff(ms: number, attempts: number[]) {
  return (attempt: number) => {
    attempts.push(attempt);
    return ms;
  };
}

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting for a condition");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Milliseconds from the database's now until the job's runAt. */
async function msUntilDue(key: string): Promise<number> {
  const [row] = await db().$queryRaw<{ ms: number }[]>`
    SELECT (EXTRACT(EPOCH FROM ("runAt" - (now() AT TIME ZONE 'UTC'))) * 1000)::float8 AS "ms"
    FROM "ScheduledJob" WHERE "key" = ${key}`;
  if (!row) throw new Error(`no job ${key}`);
  return row.ms;
}

const job = (key: string) => db().scheduledJob.findUniqueOrThrow({ where: { key } });

/** Time passes (by the database's clock): the job's retry falls due now. */
async function makeDue(key: string): Promise<void> {
  await db().$executeRaw`UPDATE "ScheduledJob" SET "runAt" = now() AT TIME ZONE 'UTC' WHERE "key" = ${key}`;
}

/**
 * Steps a started runner on a manual clock: lets the wake-ups it asks for at once (0 ms) fire, and
 * returns the first longer sleep it asks for, i.e. how long it means to wait for a job to fall due or
 * for the next poll. Heartbeat timers (a third of the 60 s lock, longer than any poll here) are not
 * taken for sleeps.
 */
async function nextSleep(clock: ManualClock, pollMs: number): Promise<number> {
  for (;;) {
    await waitUntil(() => clock.nextIn !== undefined && clock.nextIn <= pollMs);
    const ms = clock.nextIn!;
    if (ms > 0) return ms;
    await clock.advance(0);
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());
beforeEach(async () => {
  await db().scheduledJob.deleteMany();
});
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});

describe("createJobRunner: one pass", () => {
  it("runs a due job once, with its payload, and records it done", async () => {
    const runs: Run[] = [];
    const jobs = runner({ mail: recording(runs) });
    await scheduleJob(db(), { queue: "mail", payload: { to: "U1" }, key: "m1" });

    expect(await jobs.runDue()).toBe(1);
    expect(await jobs.runDue()).toBe(0);
    expect(runs).toMatchObject([{ payload: { to: "U1" }, attempts: 1 }]);
    const row = await job("m1");
    expect(row.id).toBe(runs[0]?.id);
    expect(row.doneAt).not.toBeNull();
    expect(row).toMatchObject({ attempts: 1, lockedBy: null, lockedUntil: null, failedAt: null });
  });

  it("leaves future jobs and other queues alone", async () => {
    const runs: Run[] = [];
    const jobs = runner({ mail: recording(runs) });
    await scheduleJob(db(), { queue: "mail", payload: {}, key: "future", delayMs: 60_000 });
    await scheduleJob(db(), { queue: "sms", payload: {}, key: "other-queue" });

    expect(await jobs.runDue()).toBe(0);
    expect(runs).toHaveLength(0);
    expect((await job("future")).attempts).toBe(0);
    expect((await job("other-queue")).attempts).toBe(0);
  });

  it("runs due jobs oldest first, at most batchSize per pass", async () => {
    const runs: Run[] = [];
    const jobs = runner({ q: recording(runs) }, { batchSize: 2, concurrency: 2 });
    for (const [key, ago] of [
      ["b", 2000],
      ["c", 1000],
      ["a", 3000],
    ] as const) {
      await scheduleJob(db(), { queue: "q", payload: { key }, runAt: new Date(Date.now() - ago) });
    }
    expect(await jobs.runDue()).toBe(2);
    expect(runs.map((r) => r.payload)).toEqual([{ key: "a" }, { key: "b" }]);
    expect(await jobs.runDue()).toBe(1);
  });
});

describe("createJobRunner: failures", () => {
  it("records a failure and waits the backoff before the next attempt", async () => {
    const attemptsSeen: number[] = [];
    const jobs = runner(
      {
        q: async () => {
          throw new Error("the LMS answered 503");
        },
      },
      { backoff: fixedBackoff(60_000, attemptsSeen) },
    );
    await scheduleJob(db(), { queue: "q", payload: {}, key: "grade" });

    expect(await jobs.runDue()).toBe(1);
    expect(attemptsSeen).toEqual([1]);
    const row = await job("grade");
    expect(row).toMatchObject({
      attempts: 1,
      lastError: "the LMS answered 503",
      lockedBy: null,
      doneAt: null,
    });
    expect(row.failedAt).toBeNull();
    const ms = await msUntilDue("grade");
    expect(ms).toBeGreaterThan(55_000);
    expect(ms).toBeLessThanOrEqual(60_000);
    expect(await jobs.runDue()).toBe(0);
  });

  it("retries with backoff, then gives up after maxAttempts and logs an error", async () => {
    const runs: Run[] = [];
    const attemptsSeen: number[] = [];
    const { logger, lines } = capturedLogger();
    const failing = recording(runs, (attempt) => {
      throw new Error(`boom ${attempt}`);
    });
    const jobs = runner({ q: failing }, { logger, backoff: fixedBackoff(60_000, attemptsSeen) });
    await scheduleJob(db(), { queue: "q", payload: {}, key: "doomed", maxAttempts: 3 });

    for (const attempt of [1, 2, 3]) {
      expect(await jobs.runDue()).toBe(1);
      expect(runs).toHaveLength(attempt);
      if (attempt === 3) break;
      // Within its backoff (by the database's clock) the job is not run again...
      expect(await jobs.runDue()).toBe(0);
      expect(runs).toHaveLength(attempt);
      // ...and once it has passed, it is.
      await makeDue("doomed");
    }
    expect(runs.map((r) => r.attempts)).toEqual([1, 2, 3]);
    expect(attemptsSeen).toEqual([1, 2]);
    expect(await job("doomed")).toMatchObject({
      attempts: 3,
      lastError: "boom 3",
      doneAt: null,
      lockedBy: null,
      failedAt: expect.any(Date),
    });
    // Given up: never claimed again.
    await makeDue("doomed");
    expect(await jobs.runDue()).toBe(0);
    expect(lines.filter((l) => l.level === 50).map((l) => l.msg)).toEqual([
      "job failed for the last time; giving up",
    ]);
  });

  it("keeps only the start of a long error message", async () => {
    const jobs = runner({
      q: async () => {
        throw new Error("x".repeat(20_000));
      },
    });
    await scheduleJob(db(), { queue: "q", payload: {}, key: "long" });
    await jobs.runDue();
    const { lastError } = await job("long");
    expect(lastError?.startsWith("xxxx")).toBe(true);
    expect(lastError?.length).toBeLessThanOrEqual(1000);
  });

  it("respects RetryLater's delay instead of the backoff", async () => {
    const backoffCalls: number[] = [];
    const runs: Run[] = [];
    const handler = recording(runs, (attempt) => {
      if (attempt === 1) throw new RetryLater("429 Too Many Requests", 45_000);
    });
    const jobs = runner({ q: handler }, { backoff: fixedBackoff(1, backoffCalls) });
    await scheduleJob(db(), { queue: "q", payload: {}, key: "limited" });

    await jobs.runDue();
    expect(await job("limited")).toMatchObject({ attempts: 1, lastError: "429 Too Many Requests" });
    const ms = await msUntilDue("limited");
    expect(ms).toBeGreaterThan(40_000);
    expect(ms).toBeLessThanOrEqual(45_000);
    expect(backoffCalls).toEqual([]);
    expect(await jobs.runDue()).toBe(0);
  });

  it("runs a RetryLater job again once its delay has passed, waking for its due time rather than the poll", async () => {
    const runs: Run[] = [];
    const handler = recording(runs, (attempt) => {
      if (attempt === 1) throw new RetryLater("busy", 150);
    });
    const clock = createManualClock();
    const jobs = runner({ q: handler }, { pollMs: 2000, backoff: () => 60_000, concurrency: 1, clock });
    await scheduleJob(db(), { queue: "q", payload: {}, key: "soon" });
    jobs.start();

    const sleep = await nextSleep(clock, 2000);
    expect(runs.map((r) => r.attempts)).toEqual([1]);
    expect(await job("soon")).toMatchObject({ attempts: 1, lastError: "busy", doneAt: null });
    // It asks to be woken when the retry is due (150 ms after it was recorded, plus one), not after 2 s.
    expect(sleep).toBeGreaterThan(0);
    expect(sleep).toBeLessThanOrEqual(151);

    // The database's clock reaches the retry; the runner wakes as it asked and runs it.
    await waitUntil(async () => (await msUntilDue("soon")) <= 0);
    await clock.advance(sleep);
    await waitUntil(async () => (await job("soon")).doneAt !== null);
    expect(runs.map((r) => r.attempts)).toEqual([1, 2]);
  });
});

describe("createJobRunner: timers", () => {
  it("sleeps until the next job is due rather than a whole poll, and runs timers in their order", async () => {
    const runs: Run[] = [];
    const clock = createManualClock();
    // One handler at a time: a pass that claims a job sets no sleep of its own, so every longer sleep
    // comes from a pass that found nothing due, and no wake-up can replace it.
    const jobs = runner({ quiz: recording(runs) }, { pollMs: 5000, concurrency: 1, clock });
    jobs.start();
    // The first (empty) pass: nothing is waiting, so the runner sleeps a whole poll.
    const sleeps = [await nextSleep(clock, 5000)];
    expect(sleeps[0]).toBe(5000);

    await scheduleJob(db(), { queue: "quiz", payload: { n: 1 }, key: "t1", delayMs: 300 });
    jobs.wake();
    // The wake replaces the poll's sleep with a pass at once.
    expect(clock.pending).toBe(1);
    expect(clock.nextIn).toBe(0);
    // No wake for the second: the runner finds it by asking for the next due time after each pass.
    await scheduleJob(db(), { queue: "quiz", payload: { n: 2 }, key: "t2", delayMs: 600 });

    for (const key of ["t1", "t2"]) {
      const sleep = await nextSleep(clock, 5000);
      sleeps.push(sleep);
      // Rounded up plus one, from the database's own distance to the job's runAt.
      expect(sleep).toBeGreaterThan(0);
      expect(sleep).toBeLessThanOrEqual(601);
      await waitUntil(async () => (await msUntilDue(key)) <= 0);
      await clock.advance(sleep);
      await waitUntil(async () => (await job(key)).doneAt !== null);
    }
    expect(runs.map((r) => r.payload)).toEqual([{ n: 1 }, { n: 2 }]);
    // No job was found by the 5 s poll: every sleep after the first was cut short by a due time.
    expect(sleeps.slice(1).every((ms) => ms < 5000)).toBe(true);
  });

  it("stop() waits for a running handler and records its outcome first", async () => {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const runs: Run[] = [];
    const clock = createManualClock();
    const jobs = runner({ q: recording(runs, () => released) }, { clock });
    await scheduleJob(db(), { queue: "q", payload: {}, key: "slow" });
    jobs.start();
    await clock.advance(0);
    await waitUntil(() => runs.length === 1);

    let stopped = false;
    const stopping = jobs.stop().then(() => {
      stopped = true;
    });
    // The handler is still running: stop() must not return, however many round trips pass.
    for (let i = 0; i < 5; i++) await job("slow");
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect((await job("slow")).doneAt).not.toBeNull();

    // Stopped: no timer is left to poll with, and a wake sets none.
    await scheduleJob(db(), { queue: "q", payload: {}, key: "after-stop" });
    jobs.wake();
    expect(clock.pending).toBe(0);
    expect((await job("after-stop")).attempts).toBe(0);
  });
});
