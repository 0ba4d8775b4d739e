// The `clever:sync` queue through the real job runner: one job per request at a time, the nightly round
// on a manual clock, and a sync Clever rate-limits retried after its Retry-After and resumed.
import {
  connectDistrict,
  createJobRunner,
  type Database,
  disconnectDistrict,
  ephemeralSecretBox,
  type JobRunner,
  listSyncRuns,
  silentLogger,
  startSyncRun,
} from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addSection, addUser } from "../../../test/support/fake-clever-fixtures.ts";
import { type FakeClever, startFakeClever } from "../../../test/support/fake-clever-server.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import type { CleverSyncDeps } from "./clever-sync-deps.ts";
import {
  CLEVER_SYNC_QUEUE,
  cleverSyncJobHandler,
  requestDistrictSync,
  scheduleNightlyCleverSync,
} from "./clever-sync-jobs.ts";

const NOW = Date.parse("2026-12-07T10:00:00.000Z");

let database: Database;
let clever: FakeClever;
let runner: JobRunner;
let now = NOW;
const db = () => database.prisma;
const secrets = ephemeralSecretBox();

beforeAll(async () => {
  database = await createTestDatabase();
  clever = await startFakeClever({ now: () => new Date(now) });
  const deps: CleverSyncDeps = {
    db: db(),
    secrets,
    log: silentLogger(),
    clever: { apiUrl: clever.url, maxRetries: 1, sleep: async () => {} },
    now: () => now,
    syncHourUtc: 4,
  };
  runner = createJobRunner({
    db: db(),
    logger: silentLogger(),
    handlers: { [CLEVER_SYNC_QUEUE]: cleverSyncJobHandler(deps) },
    backoff: () => 0,
  });
});
afterAll(async () => {
  await clever?.stop();
  await database?.close();
});

async function connectFake(name: string) {
  const district = clever.addDistrict({ name });
  const teacher = addUser(district, { roles: ["teacher"] });
  addSection(district, {
    name: "Homeroom",
    teachers: [teacher.id],
    students: [addUser(district, { roles: ["student"] }).id],
  });
  const row = await connectDistrict(
    { db: db(), secrets },
    { provider: "CLEVER", externalId: district.id, name, token: district.token },
  );
  return { district, row };
}

const jobsOf = (districtId: string) =>
  db().scheduledJob.findMany({
    where: { queue: CLEVER_SYNC_QUEUE, key: { startsWith: `clever-sync:${districtId}:` } },
    orderBy: { createdAt: "asc" },
  });
const makeDue = (id: string) =>
  db().scheduledJob.update({ where: { id }, data: { runAt: new Date(Date.now() - 1000) } });

describe("requestDistrictSync", () => {
  it("makes one job of two requests at once, says running while a run is, and schedules anew after it", async () => {
    const { row } = await connectFake("Springfield");
    const both = await Promise.all([
      requestDistrictSync({ db: db() }, { districtId: row.id, trigger: "page" }),
      requestDistrictSync({ db: db() }, { districtId: row.id, trigger: "cli" }),
    ]);
    expect(both.map((b) => b.status)).toEqual(["scheduled", "scheduled"]);
    expect(await jobsOf(row.id)).toHaveLength(1);

    expect(await runner.runDue()).toBe(1);
    const [run] = await listSyncRuns(db(), row.id, 1);
    expect(run).toMatchObject({ status: "SUCCEEDED", kind: "FULL", trigger: "page" });
    expect(run!.report?.sections.added).toBe(1);

    const again = await requestDistrictSync(
      { db: db() },
      { districtId: row.id, trigger: "page", full: true },
    );
    expect(again.status).toBe("scheduled");
    expect(await jobsOf(row.id)).toHaveLength(2);
    await runner.runDue();

    const running = await startSyncRun(db(), { districtId: row.id, kind: "FULL", trigger: "test" });
    expect(running.started).toBe(true);
    const refused = await requestDistrictSync({ db: db() }, { districtId: row.id, trigger: "page" });
    expect(refused).toEqual({ status: "running", runId: running.started ? running.run.id : undefined });
    expect(await jobsOf(row.id)).toHaveLength(2);
  });
});

describe("a rate-limited sync", () => {
  it("is retried after Clever's Retry-After and resumes its run", async () => {
    const { row } = await connectFake("Shelbyville");
    await requestDistrictSync({ db: db() }, { districtId: row.id, trigger: "page" });
    clever.rateLimitNext(2, 7);
    const before = Date.now();
    await runner.runDue();

    const [job] = await jobsOf(row.id);
    expect(job).toMatchObject({ attempts: 1, doneAt: null });
    expect(job!.runAt.getTime()).toBeGreaterThanOrEqual(before + 6_000);
    const [stopped] = await listSyncRuns(db(), row.id, 1);
    expect(stopped?.status).toBe("RUNNING");

    await makeDue(job!.id);
    await runner.runDue();
    const [finished] = await listSyncRuns(db(), row.id, 1);
    expect(finished).toMatchObject({ id: stopped!.id, status: "SUCCEEDED" });
  });
});

describe("the nightly round", () => {
  it("syncs every connected Clever district at the configured hour and schedules the next night once", async () => {
    const { row: on } = await connectFake("Ogdenville");
    const { row: off } = await connectFake("Brockway");
    await disconnectDistrict(db(), off.id, "test");
    const first = await scheduleNightlyCleverSync(db(), now, 4);
    expect(first).toEqual({ date: "2026-12-08", runAt: new Date("2026-12-08T04:00:00.000Z") });
    // Scheduling again (another process starting) adds nothing.
    await scheduleNightlyCleverSync(db(), now, 4);
    const nightly = await db().scheduledJob.findMany({ where: { key: { startsWith: "clever-nightly:" } } });
    expect(nightly).toHaveLength(1);

    now = Date.parse("2026-12-08T04:00:30.000Z");
    await makeDue(nightly[0]!.id);
    await runner.runDue();

    const onJob = await db().scheduledJob.findUnique({
      where: { key: `clever-sync:${on.id}:nightly:2026-12-08` },
    });
    expect(onJob).not.toBeNull();
    expect(
      await db().scheduledJob.findUnique({ where: { key: `clever-sync:${off.id}:nightly:2026-12-08` } }),
    ).toBeNull();
    const next = await db().scheduledJob.findUnique({ where: { key: "clever-nightly:2026-12-09" } });
    expect(next?.runAt.toISOString()).toBe("2026-12-09T04:00:00.000Z");

    await runner.runDue();
    const [run] = await listSyncRuns(db(), on.id, 1);
    expect(run).toMatchObject({ status: "SUCCEEDED", trigger: "nightly" });
  });
});
