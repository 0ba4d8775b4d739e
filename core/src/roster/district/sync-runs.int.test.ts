// Sync runs on a real database: one RUNNING run per district (two starting at once included), a
// finished run making room for the next, records and cursor staged in one transaction and read back to
// resume, finishing with a report or an error on an injected clock, and the list of a district's runs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../../test/support/test-database.ts";
import type { Database } from "../../db/open-database.ts";
import { AppError } from "../../errors/app-error.ts";
import { ephemeralSecretBox } from "../../secrets/secret-box.ts";
import { type DistrictSyncReport, emptyDistrictReport } from "./district-roster.ts";
import { connectDistrict, findDistrict } from "./districts.ts";
import {
  findSyncRun,
  finishSyncRun,
  listSyncRuns,
  readStagedRecords,
  type SyncRunSummary,
  saveSyncCursor,
  stageRecords,
  startSyncRun,
} from "./sync-runs.ts";

let database: Database;
const db = () => database.prisma;
const secrets = ephemeralSecretBox();
let seq = 0;
const T0 = new Date("2026-12-07T04:00:00.000Z");

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

async function newDistrict(): Promise<string> {
  seq += 1;
  const district = await connectDistrict(
    { db: db(), secrets },
    { provider: "CLEVER", externalId: `runs-d${seq}`, name: `Runs District ${seq}`, token: "t" },
  );
  return district.id;
}

/** Starts a run that must start (nothing else is running in the district). */
async function start(
  districtId: string,
  options: { now?: Date; kind?: "FULL" | "EVENTS" | "IMPORT"; trigger?: string } = {},
): Promise<SyncRunSummary> {
  const started = await startSyncRun(
    db(),
    { districtId, kind: options.kind ?? "FULL", trigger: options.trigger ?? "cli" },
    options.now ? { now: options.now } : {},
  );
  if (!started.started) throw new Error(`run ${started.running.id} is already running`);
  return started.run;
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const stagedCount = (runId: string) => db().rosterStagedRecord.count({ where: { runId } });

const REPORT: DistrictSyncReport = {
  sections: { added: 3, updated: 1, removed: 2, restored: 1, unchanged: 7 },
  enrollments: { added: 40, removed: 4, restored: 1, roleChanged: 2 },
  people: { added: 44, updated: 3 },
  errors: [{ resource: "sections", recordId: "5f00000000000000000000aa", message: "no name" }],
};

describe("startSyncRun", () => {
  it("starts one RUNNING run per district; a second start is told which run is running", async () => {
    const districtId = await newDistrict();
    const run = await start(districtId, { now: T0, trigger: "nightly" });
    expect(run).toMatchObject({
      districtId,
      kind: "FULL",
      status: "RUNNING",
      trigger: "nightly",
      cursor: {},
      report: null,
      error: null,
      finishedAt: null,
      durationMs: null,
    });
    expect(run.startedAt.getTime()).toBe(T0.getTime());
    const again = await startSyncRun(db(), { districtId, kind: "EVENTS", trigger: "page" });
    expect(again).toEqual({ started: false, running: run });
    // Another district is not held up by this one.
    expect(
      (await startSyncRun(db(), { districtId: await newDistrict(), kind: "FULL", trigger: "cli" })).started,
    ).toBe(true);
  });

  it("two starts at the same moment: exactly one starts, the other is told about that run", async () => {
    const districtId = await newDistrict();
    const outcomes = await Promise.allSettled([
      startSyncRun(db(), { districtId, kind: "FULL", trigger: "nightly" }),
      startSyncRun(db(), { districtId, kind: "FULL", trigger: "page" }),
    ]);
    const results = outcomes.map((outcome) => {
      if (outcome.status === "rejected") throw outcome.reason;
      return outcome.value;
    });
    const started = results.flatMap((r) => (r.started ? [r.run] : []));
    const refused = results.flatMap((r) => (r.started ? [] : [r.running]));
    expect(started).toHaveLength(1);
    expect(refused.map((r) => r.id)).toEqual([started[0]!.id]);
    expect(await db().rosterSyncRun.count({ where: { districtId, status: "RUNNING" } })).toBe(1);
  });

  it("a finished run, succeeded or failed, lets the next one start", async () => {
    const districtId = await newDistrict();
    const first = await start(districtId);
    await finishSyncRun(db(), first.id, { error: "Clever unavailable (503)" });
    const second = await start(districtId);
    expect(second.id).not.toBe(first.id);
    await finishSyncRun(db(), second.id, { report: emptyDistrictReport() });
    expect((await start(districtId, { kind: "EVENTS" })).kind).toBe("EVENTS");
  });

  it("refuses an unknown district with a sentence, and bad input as invalid", async () => {
    const unknown = await rejection(
      startSyncRun(db(), {
        districtId: "00000000-0000-4000-8000-00000000000a",
        kind: "FULL",
        trigger: "cli",
      }),
    );
    expect(unknown.code).toBe("not_found");
    expect(unknown.userMessage).toBe("That district is not connected to StudyHall.");
    const districtId = await newDistrict();
    for (const input of [
      { districtId, kind: "NIGHTLY", trigger: "cli" },
      { districtId, kind: "FULL", trigger: "  " },
      { districtId: "not-a-uuid", kind: "FULL", trigger: "cli" },
    ]) {
      expect((await rejection(startSyncRun(db(), input as never))).code).toBe("invalid_input");
    }
    expect(await db().rosterSyncRun.count({ where: { districtId } })).toBe(0);
  });
});

describe("staging records for a resume", () => {
  it("keeps the records read and the cursor past them together, read back after a crash", async () => {
    const districtId = await newDistrict();
    const run = await start(districtId);
    await stageRecords(
      db(),
      run.id,
      "users",
      [
        { externalId: "u2", data: { name: "Second" } },
        { externalId: "u1", data: { name: "First" } },
      ],
      { resource: "users", startingAfter: "u2" },
    );
    // Read again (the page was fetched twice): the copy is replaced, never kept twice.
    await stageRecords(
      db(),
      run.id,
      "users",
      [
        { externalId: "u2", data: { name: "Second, renamed" } },
        { externalId: "u3", data: null },
        { externalId: "u3", data: { name: "Third" } },
      ],
      { resource: "users", startingAfter: "u3" },
    );
    await stageRecords(db(), run.id, "sections", [{ externalId: "s1", data: { name: "Algebra" } }]);

    // What a resumed run finds: the run still RUNNING with its cursor, and exactly the records read.
    const resumed = await startSyncRun(db(), { districtId, kind: "FULL", trigger: "nightly" });
    if (resumed.started) throw new Error("the crashed run should still be running");
    expect(resumed.running.cursor).toEqual({ resource: "users", startingAfter: "u3" });
    expect(await readStagedRecords(db(), run.id, "users")).toEqual([
      { externalId: "u1", data: { name: "First" } },
      { externalId: "u2", data: { name: "Second, renamed" } },
      { externalId: "u3", data: { name: "Third" } },
    ]);
    expect(await readStagedRecords(db(), run.id, "sections")).toEqual([
      { externalId: "s1", data: { name: "Algebra" } },
    ]);
    expect(await readStagedRecords(db(), run.id, "schools")).toEqual([]);
  });

  it("stores a page's records only with its cursor: a cursor that cannot be written keeps neither", async () => {
    const districtId = await newDistrict();
    const run = await start(districtId);
    await stageRecords(db(), run.id, "users", [{ externalId: "u1", data: {} }], { startingAfter: "u1" });
    // A BigInt cannot be written as JSON: the cursor fails after the records were inserted.
    await expect(
      stageRecords(db(), run.id, "users", [{ externalId: "u2", data: {} }], { startingAfter: 2n }),
    ).rejects.toThrow();
    expect((await readStagedRecords(db(), run.id, "users")).map((r) => r.externalId)).toEqual(["u1"]);
    expect((await findSyncRun(db(), run.id))?.cursor).toEqual({ startingAfter: "u1" });
  });

  it("saves a cursor alone, and refuses staging or a cursor once the run has finished", async () => {
    const districtId = await newDistrict();
    const run = await start(districtId);
    await saveSyncCursor(db(), run.id, { resource: "sections", next: "/v3.0/sections?starting_after=s9" });
    expect((await findSyncRun(db(), run.id))?.cursor).toEqual({
      resource: "sections",
      next: "/v3.0/sections?starting_after=s9",
    });
    await finishSyncRun(db(), run.id, { report: emptyDistrictReport() });
    const staging = await rejection(stageRecords(db(), run.id, "users", [{ externalId: "late", data: {} }]));
    expect(staging.code).toBe("conflict");
    expect(staging.userMessage).toBe("That sync has already finished.");
    expect((await rejection(saveSyncCursor(db(), run.id, { late: true }))).code).toBe("conflict");
    expect(await stagedCount(run.id)).toBe(0);
  });

  it("refuses malformed records before anything is written", async () => {
    const run = await start(await newDistrict());
    const bad = await rejection(stageRecords(db(), run.id, "users", [{ externalId: "", data: {} }]));
    expect(bad.code).toBe("invalid_input");
    expect((await rejection(stageRecords(db(), run.id, "", []))).code).toBe("invalid_input");
    expect(await stagedCount(run.id)).toBe(0);
  });
});

describe("finishSyncRun", () => {
  it("a success stores the report with its duration from the injected clock, drops the staging, marks the district synced, audited", async () => {
    const districtId = await newDistrict();
    const run = await start(districtId, { now: T0, trigger: "page" });
    await stageRecords(db(), run.id, "users", [{ externalId: "u1", data: { name: "Ada" } }]);
    const finishedAt = new Date(T0.getTime() + 2_500);
    const finished = await finishSyncRun(db(), run.id, { report: REPORT }, { now: finishedAt });
    expect(finished).toMatchObject({
      id: run.id,
      status: "SUCCEEDED",
      error: null,
      durationMs: 2_500,
      report: { ...REPORT, durationMs: 2_500 },
    });
    expect(finished.finishedAt?.getTime()).toBe(finishedAt.getTime());
    expect(await stagedCount(run.id)).toBe(0);
    expect((await findDistrict(db(), { id: districtId }))?.lastSyncedAt?.getTime()).toBe(
      finishedAt.getTime(),
    );
    const audit = await db().auditEntry.findMany({
      where: { action: "district.synced", targetId: districtId },
    });
    expect(audit.map((a) => a.details)).toEqual([
      {
        kind: "FULL",
        trigger: "page",
        sectionsAdded: 3,
        sectionsRemoved: 2,
        enrollmentsAdded: 40,
        enrollmentsRemoved: 4,
        errors: 1,
      },
    ]);

    // Finishing again (a retried job) changes nothing and audits nothing more.
    const again = await finishSyncRun(
      db(),
      run.id,
      { error: "late failure" },
      { now: new Date(T0.getTime() + 60_000) },
    );
    expect(again).toMatchObject({ status: "SUCCEEDED", durationMs: 2_500, error: null });
    expect(await db().auditEntry.count({ where: { action: "district.synced", targetId: districtId } })).toBe(
      1,
    );
  });

  it("a failure stores the error (and a partial report when given), drops the staging, and leaves the district's last sync", async () => {
    const districtId = await newDistrict();
    const ok = await start(districtId, { now: T0 });
    await finishSyncRun(
      db(),
      ok.id,
      { report: emptyDistrictReport() },
      { now: new Date(T0.getTime() + 1_000) },
    );
    const failing = await start(districtId, { now: new Date(T0.getTime() + 3_600_000) });
    await stageRecords(db(), failing.id, "sections", [{ externalId: "s1", data: {} }]);
    const failed = await finishSyncRun(
      db(),
      failing.id,
      { error: "Clever refused the token (401).", report: REPORT },
      { now: new Date(T0.getTime() + 3_600_000 + 750) },
    );
    expect(failed).toMatchObject({
      status: "FAILED",
      error: "Clever refused the token (401).",
      durationMs: 750,
      report: { ...REPORT, durationMs: 750 },
    });
    expect(await stagedCount(failing.id)).toBe(0);
    expect((await findDistrict(db(), { id: districtId }))?.lastSyncedAt?.getTime()).toBe(
      T0.getTime() + 1_000,
    );
    expect(await db().auditEntry.count({ where: { action: "district.synced", targetId: districtId } })).toBe(
      1,
    );

    const bare = await start(districtId);
    expect((await finishSyncRun(db(), bare.id, { error: "x".repeat(5_000) })).error).toHaveLength(2_000);
    expect((await findSyncRun(db(), bare.id))?.report).toBeNull();
  });

  it("refuses a run that does not exist", async () => {
    const missing = await rejection(
      finishSyncRun(db(), "00000000-0000-4000-8000-00000000000b", { report: emptyDistrictReport() }),
    );
    expect(missing.code).toBe("not_found");
    expect(await findSyncRun(db(), "not-a-uuid")).toBeNull();
  });
});

describe("listSyncRuns", () => {
  it("lists a district's runs newest first, up to the limit, and no other district's", async () => {
    const districtId = await newDistrict();
    const ids: string[] = [];
    for (let hour = 0; hour < 4; hour++) {
      const run = await start(districtId, { now: new Date(T0.getTime() + hour * 3_600_000) });
      await finishSyncRun(db(), run.id, { report: emptyDistrictReport() });
      ids.push(run.id);
    }
    await start(await newDistrict());
    expect((await listSyncRuns(db(), districtId)).map((r) => r.id)).toEqual([...ids].reverse());
    expect((await listSyncRuns(db(), districtId, 2)).map((r) => r.id)).toEqual([ids[3], ids[2]]);
    // A limit below one still lists the latest.
    expect((await listSyncRuns(db(), districtId, 0)).map((r) => r.id)).toEqual([ids[3]]);
  });
});
