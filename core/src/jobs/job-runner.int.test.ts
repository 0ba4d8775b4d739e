import pino from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
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
  at: number;
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
    runs.push({ id: job.id, payload: job.payload, attempts: job.attempts, at: Date.now() });
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
    runner({ q: failing }, { logger, pollMs: 1000, backoff: fixedBackoff(40, attemptsSeen) }).start();
    await scheduleJob(db(), { queue: "q", payload: {}, key: "doomed", maxAttempts: 3 });

    await waitUntil(async () => (await job("doomed")).failedAt !== null);
    expect(runs.map((r) => r.attempts)).toEqual([1, 2, 3]);
    expect(attemptsSeen).toEqual([1, 2]);
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.at - runs[i - 1]!.at).toBeGreaterThanOrEqual(35);
    expect(await job("doomed")).toMatchObject({
      attempts: 3,
      lastError: "boom 3",
      doneAt: null,
      lockedBy: null,
    });
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

  it("runs a RetryLater job again once its delay has passed", async () => {
    const runs: Run[] = [];
    const handler = recording(runs, (attempt) => {
      if (attempt === 1) throw new RetryLater("busy", 150);
    });
    runner({ q: handler }, { pollMs: 2000, backoff: () => 60_000 }).start();
    await scheduleJob(db(), { queue: "q", payload: {}, key: "soon" });

    await waitUntil(async () => (await job("soon")).doneAt !== null);
    expect(runs.map((r) => r.attempts)).toEqual([1, 2]);
    expect(runs[1]!.at - runs[0]!.at).toBeGreaterThanOrEqual(145);
    // Found by its due time, not by the 2 s poll.
    expect(runs[1]!.at - runs[0]!.at).toBeLessThan(1000);
  });
});

describe("createJobRunner: timers", () => {
  it("fires jobs close to their time, sleeping until the next one rather than a whole poll", async () => {
    const runs: Run[] = [];
    const jobs = runner({ quiz: recording(runs) }, { pollMs: 5000 });
    jobs.start();
    // Let the first (empty) pass finish, so the runner is asleep for a whole poll.
    await jobs.runDue();
    await scheduleJob(db(), { queue: "quiz", payload: { n: 1 }, delayMs: 300 });
    jobs.wake();
    // No wake for the second: the runner finds it by asking for the next due time after each pass.
    await scheduleJob(db(), { queue: "quiz", payload: { n: 2 }, delayMs: 600 });

    await waitUntil(() => runs.length === 2, 3000);
    const rows = await db().scheduledJob.findMany({ orderBy: { runAt: "asc" } });
    const late = runs.map((run, i) => run.at - rows[i]!.runAt.getTime());
    // Typically 5-25 ms on PGlite (one claim statement); far less than the 5 s poll. A millisecond of
    // slack below: runAt is stored to the millisecond.
    for (const ms of late) {
      expect(ms).toBeGreaterThanOrEqual(-1);
      expect(ms).toBeLessThan(100);
    }
  });

  it("stop() waits for a running handler and records its outcome first", async () => {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const runs: Run[] = [];
    const jobs = runner({ q: recording(runs, () => released) });
    jobs.start();
    await scheduleJob(db(), { queue: "q", payload: {}, key: "slow" });
    jobs.wake();
    await waitUntil(() => runs.length === 1);

    let stopped = false;
    const stopping = jobs.stop().then(() => {
      stopped = true;
    });
    // Give stop() every chance to return early; it must not.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect((await job("slow")).doneAt).not.toBeNull();

    // Stopped: due jobs stay put.
    await scheduleJob(db(), { queue: "q", payload: {}, key: "after-stop" });
    jobs.wake();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await job("after-stop")).attempts).toBe(0);
  });
});
