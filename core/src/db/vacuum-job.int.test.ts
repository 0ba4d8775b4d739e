import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/support/test-database.ts";
import { silentLogger } from "../logger.ts";
import { scheduleNightlyVacuum, VACUUM_QUEUE, vacuumJobHandlers } from "./vacuum-job.ts";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe("the embedded database's nightly vacuum", () => {
  it("is one job per night, vacuums, and schedules the next night", async () => {
    const db = database.prisma;
    const now = new Date("2026-12-07T12:00:00Z");
    await scheduleNightlyVacuum({ db, now: () => now });
    await scheduleNightlyVacuum({ db, now: () => now });
    const jobs = await db.scheduledJob.findMany({ where: { queue: VACUUM_QUEUE } });
    expect(jobs.map((j) => [j.key, j.runAt.toISOString()])).toEqual([
      ["vacuum:2026-12-08", "2026-12-08T03:00:00.000Z"],
    ]);

    const handler = vacuumJobHandlers({ db, logger: silentLogger(), now: () => now })[VACUUM_QUEUE];
    await handler?.({
      id: jobs[0]!.id,
      queue: VACUUM_QUEUE,
      payload: { date: "2026-12-08" },
      attempts: 1,
      signal: new AbortController().signal,
    });
    // ANALYZE ran: the planner now has statistics for a table it had never analysed.
    const [stats] = await db.$queryRaw<Array<{ analysed: boolean }>>`
      SELECT last_analyze IS NOT NULL AS analysed FROM pg_stat_user_tables WHERE relname = 'CardState'`;
    expect(stats?.analysed).toBe(true);
    const keys = (await db.scheduledJob.findMany({ where: { queue: VACUUM_QUEUE } }))
      .map((j) => j.key)
      .sort();
    expect(keys).toEqual(["vacuum:2026-12-08", "vacuum:2026-12-09"]);
  });
});
