// Several runners sharing one database: each job runs exactly once; a slow handler keeps its job (its
// runner's heartbeat extends the lock); a crashed or frozen worker's jobs are taken over when its lock
// lapses, and a frozen worker that wakes up is told and records nothing. Heartbeats run on a manual
// clock the test steps, so a beat happens when the test says, not when a busy machine gets round to it;
// the locks themselves run on the database's clock. On PGlite the runners share its one connection;
// with TEST_DATABASE_URL they claim over separate pooled connections of a real Postgres.
import pino from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createManualClock } from "../../../test/support/manual-clock.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import type { Database } from "../db/open-database.ts";
import { LostClaimError } from "./job-heartbeat.ts";
import { createJobRunner, type JobHandler, type JobRunner, type JobRunnerOptions } from "./job-runner.ts";
import { cancelJobs, scheduleJob } from "./schedule-job.ts";

let database: Database;
const db = () => database.prisma;
const runners: JobRunner[] = [];

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

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting for a condition");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const job = (key: string) => db().scheduledJob.findUniqueOrThrow({ where: { key } });

/** Whether the database's clock is past `at` plus `ms` (lock times are zone-less UTC, as stored). */
async function dbTimePast(at: Date, ms: number): Promise<boolean> {
  const [row] = await db().$queryRaw<{ past: boolean }[]>`
    SELECT (now() AT TIME ZONE 'UTC') > ${at}::timestamp + (${ms}::float8 * interval '1 millisecond') AS "past"`;
  return row?.past === true;
}

const LOCK_MS = 600;
/** A runner beats every third of its lock. */
const beatMs = (lockMs: number) => Math.floor(lockMs / 3);

/** Resolves when `signal` aborts. */
function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}

/** A promise and the function that settles it. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
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

describe("job runners sharing a database", () => {
  it("run each of 200 jobs exactly once between two runners", async () => {
    const runsById = new Map<string, string[]>();
    const handlerFor =
      (worker: string): JobHandler =>
      async (j) => {
        runsById.set(j.id, [...(runsById.get(j.id) ?? []), worker]);
        // Yield, so the other runner's claims interleave with this one's.
        await new Promise((resolve) => setTimeout(resolve, 1));
      };
    const a = runner({ bulk: handlerFor("a") }, { workerId: "a", concurrency: 4 });
    const b = runner({ bulk: handlerFor("b") }, { workerId: "b", concurrency: 4 });
    for (let i = 0; i < 200; i++)
      await scheduleJob(db(), { queue: "bulk", payload: { i }, key: `bulk:${i}` });
    a.start();
    b.start();

    await waitUntil(
      async () => (await db().scheduledJob.count({ where: { doneAt: { not: null } } })) === 200,
    );
    await Promise.all([a.stop(), b.stop()]);

    const ids = (await db().scheduledJob.findMany({ select: { id: true } })).map((j) => j.id);
    expect(ids).toHaveLength(200);
    for (const id of ids) expect(runsById.get(id)).toHaveLength(1);
    expect(runsById.size).toBe(200);
    const byWorker = [...runsById.values()].flat();
    expect(byWorker.filter((w) => w === "a").length).toBeGreaterThan(0);
    expect(byWorker.filter((w) => w === "b").length).toBeGreaterThan(0);
    // Nobody claimed a job twice (a double claim would show as a second attempt).
    expect(await db().scheduledJob.count({ where: { attempts: { not: 1 } } })).toBe(0);
  });

  it("re-runs a crashed worker's job once its lock has lapsed, not before", async () => {
    const runs: number[] = [];
    const jobs = runner({ q: async (j) => void runs.push(j.attempts) });
    await scheduleJob(db(), { queue: "q", payload: {}, key: "crashed" });
    await scheduleJob(db(), { queue: "q", payload: {}, key: "held" });
    // As a worker that claimed them would leave them: one lock lapsed (it died), one still held.
    await db().$executeRaw`
      UPDATE "ScheduledJob" SET "lockedBy" = 'dead-worker', "attempts" = 1,
        "lockedUntil" = (now() AT TIME ZONE 'UTC') - interval '1 second' WHERE "key" = 'crashed'`;
    await db().$executeRaw`
      UPDATE "ScheduledJob" SET "lockedBy" = 'busy-worker', "attempts" = 1,
        "lockedUntil" = (now() AT TIME ZONE 'UTC') + interval '1 minute' WHERE "key" = 'held'`;

    expect(await jobs.runDue()).toBe(1);
    expect(runs).toEqual([2]);
    expect(await job("crashed")).toMatchObject({ attempts: 2, lockedBy: null });
    expect((await job("crashed")).doneAt).not.toBeNull();
    expect(await job("held")).toMatchObject({ attempts: 1, lockedBy: "busy-worker", doneAt: null });
  });

  it("keeps a slow handler's job to itself for many lock periods: the heartbeat extends its lock", async () => {
    const release = gate();
    const clock = createManualClock();
    const runs: { worker: string; attempts: number }[] = [];
    const slow = runner(
      {
        q: async (j) => {
          runs.push({ worker: "slow", attempts: j.attempts });
          await Promise.race([release.opened, aborted(j.signal)]);
        },
      },
      { workerId: "slow", lockMs: LOCK_MS, clock },
    );
    const rival = runner(
      { q: async (j) => void runs.push({ worker: "rival", attempts: j.attempts }) },
      { workerId: "rival" },
    );
    await scheduleJob(db(), { queue: "q", payload: {}, key: "slow" });

    const slowPass = slow.runDue();
    await waitUntil(() => runs.length === 1);
    const claimed = await job("slow");
    let lockedUntil = claimed.lockedUntil!;
    // Beat by beat, the rival tries until the database's clock is two lock periods past the first
    // claim's lock: without the heartbeat it would have taken the job after the first.
    let beats = 0;
    while (!(await dbTimePast(claimed.lockedUntil!, 2 * LOCK_MS))) {
      await waitUntil(() => clock.nextIn === beatMs(LOCK_MS));
      await clock.advance(beatMs(LOCK_MS));
      const before = lockedUntil;
      await waitUntil(async () => (await job("slow")).lockedUntil! > before);
      lockedUntil = (await job("slow")).lockedUntil!;
      beats++;
      expect(await rival.runDue()).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(beats).toBeGreaterThan(1);
    expect(await job("slow")).toMatchObject({ lockedBy: "slow", attempts: 1, doneAt: null });

    release.open();
    expect(await slowPass).toBe(1);
    expect(runs).toEqual([{ worker: "slow", attempts: 1 }]);
    expect(await job("slow")).toMatchObject({ attempts: 1, lockedBy: null, doneAt: expect.any(Date) });
  });

  it("lets another runner take over a frozen worker's job; woken, the frozen run is signalled and records nothing", async () => {
    const release = gate();
    // Never stepped until the test says so: the worker is stopped (SIGSTOP, a starved event loop) and
    // no timer of its runner fires, its heartbeat included.
    const clock = createManualClock();
    const runs: { worker: string; attempts: number }[] = [];
    const signals: AbortSignal[] = [];
    const { logger, lines } = capturedLogger();
    const frozen = runner(
      {
        q: async (j) => {
          runs.push({ worker: "frozen", attempts: j.attempts });
          signals.push(j.signal);
          await release.opened;
          throw new Error("too late to matter");
        },
      },
      { workerId: "frozen", lockMs: 200, logger, clock },
    );
    let frozenLockedUntil: Date | undefined;
    const lapsedWhenRescued: boolean[] = [];
    const rescuer = runner(
      {
        q: async (j) => {
          runs.push({ worker: "rescuer", attempts: j.attempts });
          lapsedWhenRescued.push(await dbTimePast(frozenLockedUntil!, 0));
        },
      },
      { workerId: "rescuer" },
    );
    await scheduleJob(db(), { queue: "q", payload: {}, key: "slow" });

    const frozenPass = frozen.runDue();
    await waitUntil(() => runs.length === 1);
    frozenLockedUntil = (await job("slow")).lockedUntil!;
    let rescuerPasses = 0;
    while ((await rescuer.runDue()) === 0) rescuerPasses++;
    // It tried while the frozen worker's lock held, and took the job only once the lock had lapsed.
    expect(rescuerPasses).toBeGreaterThan(0);
    expect(lapsedWhenRescued).toEqual([true]);
    expect(runs).toEqual([
      { worker: "frozen", attempts: 1 },
      { worker: "rescuer", attempts: 2 },
    ]);
    const done = await job("slow");
    expect(done).toMatchObject({ attempts: 2, lastError: null, failedAt: null, lockedBy: null });
    expect(signals[0]?.aborted).toBe(false);

    // The frozen process wakes: its heartbeat finds the claim gone and signals the handler, whose late
    // failure is not recorded over the rescuer's success.
    await clock.advance(beatMs(200));
    await waitUntil(() => signals[0]?.aborted === true);
    expect(signals[0]?.reason).toBeInstanceOf(LostClaimError);
    expect(signals[0]?.reason).toMatchObject({ reason: "claim-lost" });
    release.open();
    expect(await frozenPass).toBe(1);
    expect(await job("slow")).toEqual(done);
    expect(lines.filter((l) => l.level === 40).map((l) => l.msg)).toContain(
      "job outlived its lock; its outcome was not recorded",
    );
  });

  it("signals a running handler whose job was cancelled, and records nothing for it", async () => {
    const never = gate();
    const clock = createManualClock();
    const signals: AbortSignal[] = [];
    const jobs = runner(
      {
        q: async (j) => {
          signals.push(j.signal);
          await Promise.race([never.opened, aborted(j.signal)]);
        },
      },
      { lockMs: 150, clock },
    );
    await scheduleJob(db(), { queue: "q", payload: {}, key: "quiz:s1:close" });
    const pass = jobs.runDue();
    await waitUntil(() => signals.length === 1);
    expect(await cancelJobs(db(), { keyPrefix: "quiz:s1:" })).toBe(1);
    expect(signals[0]?.aborted).toBe(false);

    // The next heartbeat finds the job gone.
    await clock.advance(beatMs(150));
    expect(await pass).toBe(1);
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[0]?.reason).toMatchObject({ name: "LostClaimError", reason: "claim-lost" });
    expect(await db().scheduledJob.count()).toBe(0);
  });
});

function capturedLogger() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}
