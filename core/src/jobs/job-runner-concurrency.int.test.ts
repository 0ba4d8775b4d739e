// Several runners sharing one database: each job runs exactly once, and a crashed or stalled worker's
// jobs are taken over when its lock lapses. On PGlite the runners share its one connection; with
// TEST_DATABASE_URL they claim over separate pooled connections of a real Postgres.
import pino from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import type { Database } from "../db/open-database.ts";
import { createJobRunner, type JobHandler, type JobRunner, type JobRunnerOptions } from "./job-runner.ts";
import { scheduleJob } from "./schedule-job.ts";

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

  it("lets another runner take over a stalled handler's job; the stalled outcome is not recorded", async () => {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const runs: { worker: string; attempts: number; at: number }[] = [];
    const { logger, lines } = capturedLogger();
    const stalled = runner(
      {
        q: async (j) => {
          runs.push({ worker: "stalled", attempts: j.attempts, at: Date.now() });
          await released;
          throw new Error("too late to matter");
        },
      },
      { workerId: "stalled", lockMs: 200, logger },
    );
    const rescuer = runner(
      { q: async (j) => void runs.push({ worker: "rescuer", attempts: j.attempts, at: Date.now() }) },
      {
        workerId: "rescuer",
      },
    );
    await scheduleJob(db(), { queue: "q", payload: {}, key: "slow" });

    const stalledPass = stalled.runDue();
    await waitUntil(() => runs.length === 1);
    rescuer.start();
    await waitUntil(async () => (await job("slow")).doneAt !== null);
    expect(runs.map((r) => [r.worker, r.attempts])).toEqual([
      ["stalled", 1],
      ["rescuer", 2],
    ]);
    // Taken over only after the 200 ms lock lapsed.
    expect(runs[1]!.at - runs[0]!.at).toBeGreaterThanOrEqual(190);
    const done = await job("slow");

    // The stalled handler now fails; its claim is gone, so the recorded success stands.
    release();
    expect(await stalledPass).toBe(1);
    expect(await job("slow")).toEqual(done);
    expect(done).toMatchObject({ attempts: 2, lastError: null, failedAt: null, lockedBy: null });
    expect(lines.filter((l) => l.level === 40).map((l) => l.msg)).toEqual([
      "job outlived its lock; its outcome was not recorded",
    ]);
  });
});

function capturedLogger() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}
