import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import type { Database } from "../db/open-database.ts";
import { isAppError } from "../errors/app-error.ts";
import { pruneJobs } from "./prune-jobs.ts";
import { cancelJobs, scheduleJob } from "./schedule-job.ts";

let database: Database;
const db = () => database.prisma;

/** Keys of the jobs left, in code-point order (the database's collation may sort differently). */
async function remainingKeys(): Promise<(string | null)[]> {
  const jobs = await db().scheduledJob.findMany({ select: { key: true } });
  return jobs.map((j) => j.key).sort();
}

/** Milliseconds from the database's now until the job's runAt. */
async function msUntilDue(key: string): Promise<number> {
  const [row] = await db().$queryRaw<{ ms: number }[]>`
    SELECT (EXTRACT(EPOCH FROM ("runAt" - (now() AT TIME ZONE 'UTC'))) * 1000)::float8 AS "ms"
    FROM "ScheduledJob" WHERE "key" = ${key}`;
  if (!row) throw new Error(`no job ${key}`);
  return row.ms;
}

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());
beforeEach(async () => {
  await db().scheduledJob.deleteMany();
});

describe("scheduleJob", () => {
  it("stores the job due now by default, with its payload and attempt limit", async () => {
    expect(
      await scheduleJob(db(), { queue: "mail", payload: { to: "U1", n: 2 }, key: "k1", maxAttempts: 3 }),
    ).toBe(true);
    const job = await db().scheduledJob.findUniqueOrThrow({ where: { key: "k1" } });
    expect(job).toMatchObject({ queue: "mail", payload: { to: "U1", n: 2 }, attempts: 0, maxAttempts: 3 });
    expect(job.doneAt).toBeNull();
    expect(Math.abs(await msUntilDue("k1"))).toBeLessThan(2000);
  });

  it("is idempotent on key: the second call does nothing and returns false", async () => {
    expect(await scheduleJob(db(), { queue: "q", payload: { v: 1 }, key: "once", delayMs: 1000 })).toBe(true);
    expect(await scheduleJob(db(), { queue: "q", payload: { v: 2 }, key: "once" })).toBe(false);
    const jobs = await db().scheduledJob.findMany({ where: { key: "once" } });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.payload).toEqual({ v: 1 });
    // Jobs without a key never collide.
    await scheduleJob(db(), { queue: "q", payload: {} });
    await scheduleJob(db(), { queue: "q", payload: {} });
    expect(await db().scheduledJob.count({ where: { key: null } })).toBe(2);
  });

  it("sets runAt from delayMs by database time, and from runAt exactly", async () => {
    await scheduleJob(db(), { queue: "q", payload: {}, key: "later", delayMs: 90_000 });
    const ms = await msUntilDue("later");
    expect(ms).toBeGreaterThan(85_000);
    expect(ms).toBeLessThanOrEqual(90_000);

    const at = new Date("2031-03-04T05:06:07.089Z");
    await scheduleJob(db(), { queue: "q", payload: {}, key: "exact", runAt: at });
    const job = await db().scheduledJob.findUniqueOrThrow({ where: { key: "exact" } });
    expect(job.runAt.toISOString()).toBe(at.toISOString());
  });

  it("joins the caller's transaction: rolled back, the job is gone too", async () => {
    await expect(
      db().$transaction(async (tx) => {
        await scheduleJob(tx, { queue: "q", payload: {}, key: "in-tx" });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await db().scheduledJob.count({ where: { key: "in-tx" } })).toBe(0);
    await db().$transaction(async (tx) => {
      await scheduleJob(tx, { queue: "q", payload: {}, key: "in-tx" });
    });
    expect(await db().scheduledJob.count({ where: { key: "in-tx" } })).toBe(1);
  });

  it("rejects invalid input", async () => {
    await expect(scheduleJob(db(), { queue: "", payload: {} })).rejects.toThrow();
    await expect(scheduleJob(db(), { queue: "q", payload: {}, delayMs: -1 })).rejects.toThrow();
    await expect(scheduleJob(db(), { queue: "q", payload: {}, maxAttempts: 0 })).rejects.toThrow();
    await expect(
      scheduleJob(db(), { queue: "q", payload: {}, runAt: new Date(), delayMs: 5 }),
    ).rejects.toThrow("not both");
    expect(await db().scheduledJob.count()).toBe(0);
  });
});

describe("cancelJobs", () => {
  it("deletes the unfinished jobs under a key prefix, freeing their keys", async () => {
    await scheduleJob(db(), { queue: "quiz", payload: {}, key: "quiz:s1:1:close" });
    await scheduleJob(db(), { queue: "quiz", payload: {}, key: "quiz:s1:2:close" });
    await scheduleJob(db(), { queue: "quiz", payload: {}, key: "quiz:s1:0:next" });
    await scheduleJob(db(), { queue: "quiz", payload: {}, key: "quiz:s10:1:close" });
    await scheduleJob(db(), { queue: "quiz", payload: {}, key: "quiz:s2:1:close" });
    await db().scheduledJob.update({ where: { key: "quiz:s1:0:next" }, data: { doneAt: new Date() } });

    expect(await cancelJobs(db(), { keyPrefix: "quiz:s1:" })).toBe(2);
    expect(await remainingKeys()).toEqual(["quiz:s10:1:close", "quiz:s1:0:next", "quiz:s2:1:close"]);
    expect(await scheduleJob(db(), { queue: "quiz", payload: {}, key: "quiz:s1:1:close" })).toBe(true);
  });

  it("treats LIKE wildcards in the prefix literally and refuses an empty prefix", async () => {
    await scheduleJob(db(), { queue: "q", payload: {}, key: "a_b:1" });
    await scheduleJob(db(), { queue: "q", payload: {}, key: "axb:1" });
    expect(await cancelJobs(db(), { keyPrefix: "a_b" })).toBe(1);
    expect(await cancelJobs(db(), { keyPrefix: "%" })).toBe(0);
    await expect(cancelJobs(db(), { keyPrefix: "" })).rejects.toSatisfy((e) =>
      isAppError(e, "invalid_input"),
    );
    expect(await db().scheduledJob.count()).toBe(1);
  });
});

describe("pruneJobs", () => {
  it("deletes done jobs older than the cut-off only", async () => {
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000);
    await scheduleJob(db(), { queue: "q", payload: {}, key: "old-done" });
    await scheduleJob(db(), { queue: "q", payload: {}, key: "new-done" });
    await scheduleJob(db(), { queue: "q", payload: {}, key: "old-failed" });
    await scheduleJob(db(), { queue: "q", payload: {}, key: "pending" });
    await db().scheduledJob.update({ where: { key: "old-done" }, data: { doneAt: hoursAgo(48) } });
    await db().scheduledJob.update({ where: { key: "new-done" }, data: { doneAt: hoursAgo(1) } });
    await db().scheduledJob.update({ where: { key: "old-failed" }, data: { failedAt: hoursAgo(48) } });

    expect(await pruneJobs(db(), 24 * 3600_000)).toBe(1);
    expect(await remainingKeys()).toEqual(["new-done", "old-failed", "pending"]);
  });
});
