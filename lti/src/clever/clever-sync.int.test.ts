// Clever Secure Sync end to end: the real data client against the fake Clever on 127.0.0.1, core's
// district use cases on a real database. Full syncs, paging, 429s, a crash mid-read and its resume,
// events (replayed, expired), a revoked token.
import {
  type Database,
  ephemeralSecretBox,
  findDistrict,
  listSyncRuns,
  type SyncRunSummary,
  silentLogger,
} from "@studyhall/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  addBigSection,
  addCourse,
  addSchool,
  addSection,
  addTerm,
  addUser,
} from "../../../test/support/fake-clever-fixtures.ts";
import {
  type FakeClever,
  type FakeCleverDistrict,
  startFakeClever,
} from "../../../test/support/fake-clever-server.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import { CleverUnavailable } from "./clever-errors.ts";
import type { CleverSyncDeps } from "./clever-sync-deps.ts";
import { connectCleverDistrict } from "./connect-clever-district.ts";
import { CLEVER_REVOKED_REASON, runDistrictSync } from "./run-district-sync.ts";

const START = Date.parse("2026-12-07T08:00:00.000Z");
const DAY_MS = 24 * 3600_000;

let database: Database;
let clever: FakeClever;
let now = START;
const db = () => database.prisma;
const secrets = ephemeralSecretBox();

beforeAll(async () => {
  database = await createTestDatabase();
  clever = await startFakeClever({ now: () => new Date(now) });
});
afterAll(async () => {
  await clever?.stop();
  await database?.close();
});
beforeEach(() => {
  now = START;
  clever.requests.length = 0;
});

interface Harness {
  deps: CleverSyncDeps;
  waits: number[];
  runs: SyncRunSummary[];
}

function harness(overrides: Partial<CleverSyncDeps["clever"]> = {}): Harness {
  const waits: number[] = [];
  const runs: SyncRunSummary[] = [];
  const deps: CleverSyncDeps = {
    db: db(),
    secrets,
    log: silentLogger(),
    clever: {
      apiUrl: clever.url,
      sleep: async (ms) => {
        waits.push(ms);
      },
      ...overrides,
    },
    now: () => now,
    syncHourUtc: 4,
    onRunFinished: (run) => runs.push(run),
  };
  return { deps, waits, runs };
}

async function connect(district: FakeCleverDistrict) {
  const { deps } = harness();
  return connectCleverDistrict(deps, { token: district.token });
}

/** The district's classes with their course ids and, per Clever user id, role and whether enrolled. */
async function classesOf(districtId: string) {
  const sections = await db().rosterSection.findMany({
    where: { districtId },
    orderBy: { externalId: "asc" },
  });
  const result = new Map<
    string,
    { name: string; courseId: string; removed: boolean; members: Map<string, string> }
  >();
  for (const section of sections) {
    const enrolments = await db().enrollment.findMany({
      where: { courseId: section.courseId, removedAt: null },
      include: { user: { include: { identities: { where: { platform: "CLEVER" } } } } },
    });
    const members = new Map<string, string>();
    for (const e of enrolments) for (const i of e.user.identities) members.set(i.externalId, e.role);
    result.set(section.externalId, {
      name: section.name,
      courseId: section.courseId,
      removed: section.removedAt !== null,
      members,
    });
  }
  return result;
}

/** Data page requests (not districts or events), as path and query. */
const dataPages = () =>
  clever.requests
    .filter((r) => !r.path.endsWith("/districts") && !r.path.endsWith("/events"))
    .map((r) => `${r.path}?${new URLSearchParams(r.query).toString()}`);

describe("a full Clever sync", () => {
  it("makes a course per section with teachers as staff and students enrolled, keyed on ids", async () => {
    const district = clever.addDistrict({ name: "Springfield" });
    const school = addSchool(district, "Springfield High");
    const term = addTerm(district, "Fall 2026");
    const course = addCourse(district, "Algebra");
    const t1 = addUser(district, { roles: ["teacher"], name: { first: "Edna", last: "Krabappel" } });
    const t2 = addUser(district, { roles: ["teacher", "staff"], name: { first: "Dewey", last: "Largo" } });
    const multi = addUser(district, { roles: ["student", "teacher"], name: { first: "Lisa", last: "S" } });
    const nameless = addUser(district, { roles: ["student"], name: null, email: null });
    const bart = addUser(district, { roles: ["student"], name: { first: "Bart", last: "S" } });
    const a = addSection(district, {
      name: "Algebra I",
      teachers: [t1.id, t2.id],
      students: [bart.id, nameless.id, multi.id],
      school: school.id as string,
      term: term.id as string,
      course: course.id as string,
    });
    const b = addSection(district, { name: "Algebra I", teachers: [multi.id], students: [bart.id] });
    const big = addBigSection(district, 1_500, "Assembly");
    const districtRow = await connect(district);
    const { deps, runs } = harness();

    const run = await runDistrictSync(deps, { districtId: districtRow.id, trigger: "test" });

    expect(run).toMatchObject({ kind: "FULL", status: "SUCCEEDED" });
    expect(runs).toHaveLength(1);
    expect(run.report).toMatchObject({
      sections: { added: 3, updated: 0, removed: 0 },
      // Algebra I: two teachers and three students; the other Algebra I: two; the assembly: 1,501.
      enrollments: { added: 5 + 2 + 1_501 },
      errors: [],
    });
    const classes = await classesOf(districtRow.id);
    expect(classes.size).toBe(3);
    const first = classes.get(a.id)!;
    const second = classes.get(b.id)!;
    expect(first.name).toBe("Algebra I");
    expect(second.name).toBe("Algebra I");
    expect(first.courseId).not.toBe(second.courseId);
    expect(Object.fromEntries(first.members)).toEqual({
      [t1.id]: "STAFF",
      [t2.id]: "STAFF",
      [bart.id]: "STUDENT",
      [nameless.id]: "STUDENT",
      [multi.id]: "STUDENT",
    });
    // The multi-role user teaches one class and takes another, as one person.
    expect(Object.fromEntries(second.members)).toEqual({ [multi.id]: "STAFF", [bart.id]: "STUDENT" });
    expect(classes.get(big.id)!.members.size).toBe(1_501);
    const identities = await db().identity.findMany({ where: { platform: "CLEVER", externalId: multi.id } });
    expect(identities).toHaveLength(1);
    expect(identities[0]!.tenant).toBe(district.id);
    const section = await db().rosterSection.findFirstOrThrow({ where: { externalId: a.id } });
    expect(section).toMatchObject({ schoolName: "Springfield High", termName: "Fall 2026" });
    const noName = await db().identity.findFirstOrThrow({
      where: { platform: "CLEVER", externalId: nameless.id },
      include: { user: true },
    });
    expect(noName.user.displayName ?? "").not.toMatch(/@/);

    // The same data again changes nothing.
    const again = await runDistrictSync(deps, { districtId: districtRow.id, trigger: "test", full: true });
    expect(again.report).toMatchObject({
      sections: { added: 0, updated: 0, removed: 0, unchanged: 3 },
      enrollments: { added: 0, removed: 0, restored: 0, roleChanged: 0 },
    });
  });

  it("reads every page to the end, honours a 429's Retry-After, and reports invalid records by id", async () => {
    const district = clever.addDistrict({ name: "Shelbyville" });
    const teacher = addUser(district, { roles: ["teacher"] });
    const students = Array.from({ length: 7 }, () => addUser(district, { roles: ["student"] }));
    for (let n = 0; n < 5; n++) {
      addSection(district, {
        name: `Class ${n}`,
        teachers: [teacher.id],
        students: students.map((s) => s.id),
      });
    }
    district.users.push({
      id: "bad-user-1",
      district: district.id,
      roles: { student: {} },
      name: "not an object",
    } as never);
    const districtRow = await connect(district);
    const { deps, waits } = harness({ pageLimit: 2 });
    clever.rateLimitNext(2, 3);

    const run = await runDistrictSync(deps, { districtId: districtRow.id, trigger: "test" });

    expect(run.status).toBe("SUCCEEDED");
    expect(waits).toEqual([3000, 3000]);
    expect(dataPages().filter((p) => p.startsWith("/v3.0/sections"))).toHaveLength(3);
    expect(run.report?.sections.added).toBe(5);
    expect(run.report?.enrollments.added).toBe(5 * 8);
    expect(run.report?.errors).toEqual([
      expect.objectContaining({ resource: "users:student", recordId: "bad-user-1" }),
    ]);
  });

  it("resumes after a crash mid-read from the saved cursor, reading no page twice", async () => {
    const district = clever.addDistrict({ name: "Ogdenville" });
    const teacher = addUser(district, { roles: ["teacher"] });
    const students = Array.from({ length: 9 }, () => addUser(district, { roles: ["student"] }));
    for (let n = 0; n < 6; n++) {
      addSection(district, {
        name: `Class ${n}`,
        teachers: [teacher.id],
        students: students.map((s) => s.id),
      });
    }
    const districtRow = await connect(district);
    let calls = 0;
    const crashing: typeof fetch = async (input, init) => {
      calls++;
      // The first call is for the latest event; the crash comes on the fifth data page.
      if (calls === 6) throw new TypeError("socket hang up");
      return fetch(input, init);
    };
    const first = harness({ pageLimit: 2, fetch: crashing, maxRetries: 0 });

    await expect(
      runDistrictSync(first.deps, { districtId: districtRow.id, trigger: "test" }),
    ).rejects.toBeInstanceOf(CleverUnavailable);
    const [stopped] = await listSyncRuns(db(), districtRow.id, 1);
    expect(stopped).toMatchObject({ status: "RUNNING", kind: "FULL" });
    expect(stopped!.cursor).toMatchObject({ resource: "sections" });
    expect(await db().rosterSection.count({ where: { districtId: districtRow.id } })).toBe(0);

    const second = harness({ pageLimit: 2 });
    const run = await runDistrictSync(second.deps, { districtId: districtRow.id, trigger: "test" });

    expect(run.id).toBe(stopped!.id);
    expect(run.status).toBe("SUCCEEDED");
    const pages = dataPages();
    expect(new Set(pages).size).toBe(pages.length);
    expect(run.report?.sections.added).toBe(6);
    expect(run.report?.enrollments.added).toBe(6 * 10);
    expect(await db().rosterStagedRecord.count({ where: { runId: run.id } })).toBe(0);
  });
});

describe("Clever events", () => {
  it("applies created, updated and deleted events; a replayed event changes nothing", async () => {
    const district = clever.addDistrict({ name: "Capital City" });
    const teacher = addUser(district, { roles: ["teacher"] });
    const kid = addUser(district, { roles: ["student"], name: { first: "Milhouse", last: "V" } });
    const keep = addSection(district, { name: "History", teachers: [teacher.id], students: [kid.id] });
    const drop = addSection(district, { name: "Band", teachers: [teacher.id], students: [kid.id] });
    // An event before the first sync, so the sync has a cursor to start events from.
    clever.emit(district.id, "users.updated", { ...kid });
    const districtRow = await connect(district);
    const { deps, runs } = harness();
    await runDistrictSync(deps, { districtId: districtRow.id, trigger: "test" });
    expect((await findDistrict(db(), { id: districtRow.id }))?.eventCursor).toBeTruthy();

    const newKid = {
      id: "60000000000000000000e001",
      district: district.id,
      name: { first: "Nelson" },
      roles: { student: {} },
    };
    clever.emit(district.id, "users.created", newKid);
    clever.emit(district.id, "users.updated", { ...kid, name: { first: "Milhouse", last: "Van Houten" } });
    clever.emit(district.id, "sections.updated", { ...keep, students: [kid.id, newKid.id] });
    const deleted = clever.emit(district.id, "sections.deleted", { ...drop });
    now += 3600_000;

    const run = await runDistrictSync(deps, { districtId: districtRow.id, trigger: "test" });

    expect(run).toMatchObject({ kind: "EVENTS", status: "SUCCEEDED" });
    expect(run.report).toMatchObject({
      sections: { removed: 1 },
      enrollments: { added: 1 },
      people: { added: 1, updated: 1 },
    });
    const classes = await classesOf(districtRow.id);
    expect([...classes.get(keep.id)!.members.keys()].sort()).toEqual([kid.id, newKid.id, teacher.id].sort());
    expect(classes.get(drop.id)!.removed).toBe(true);
    expect((await findDistrict(db(), { id: districtRow.id }))?.eventCursor).toBe(deleted.id);

    clever.replay(district.id, deleted.id);
    const replayed = await runDistrictSync(deps, { districtId: districtRow.id, trigger: "test" });
    expect(replayed).toMatchObject({ kind: "EVENTS", status: "SUCCEEDED" });
    expect(replayed.report).toMatchObject({
      sections: { added: 0, updated: 0, removed: 0, restored: 0 },
      enrollments: { added: 0, removed: 0, restored: 0, roleChanged: 0 },
      people: { added: 0, updated: 0 },
    });
    expect(runs.map((r) => r.kind)).toEqual(["FULL", "EVENTS", "EVENTS"]);
  });

  it("applies a class change as Clever describes it (who joined, who left), touching no one else", async () => {
    const district = clever.addDistrict({ name: "Ogdenville" });
    const teacher = addUser(district, { roles: ["teacher"] });
    const [a, b, c] = [
      addUser(district, { roles: ["student"] }),
      addUser(district, { roles: ["student"] }),
      addUser(district, { roles: ["student"] }),
    ];
    const section = addSection(district, { name: "Drama", teachers: [teacher.id], students: [a!.id, b!.id] });
    clever.emit(district.id, "users.updated", { ...teacher });
    const districtRow = await connect(district);
    const { deps } = harness();
    await runDistrictSync(deps, { districtId: districtRow.id, trigger: "test" });

    // b's enrolment ends here by other means. The event says b stayed, so applying only what changed
    // leaves b as it is; reconciling every member is a full sync's job (a whole roster would restore b).
    const drama = (await classesOf(districtRow.id)).get(section.id)!;
    await db().enrollment.updateMany({
      where: { courseId: drama.courseId, user: { identities: { some: { externalId: b!.id } } } },
      data: { removedAt: new Date(now) },
    });
    clever.emit(
      district.id,
      "sections.updated",
      { ...section, students: [b!.id, c!.id] },
      { students: [a!.id, b!.id] },
    );
    now += 3600_000;
    const run = await runDistrictSync(deps, { districtId: districtRow.id, trigger: "test" });

    expect(run).toMatchObject({ kind: "EVENTS", status: "SUCCEEDED" });
    expect(run.report?.enrollments).toEqual({ added: 1, removed: 1, restored: 0, roleChanged: 0 });
    const members = (await classesOf(districtRow.id)).get(section.id)!.members;
    expect([...members.keys()].sort()).toEqual([teacher.id, c!.id].sort());
  });

  it("falls back to a full sync when the cursor is older than 30 days or Clever no longer has it", async () => {
    const district = clever.addDistrict({ name: "North Haverbrook" });
    const teacher = addUser(district, { roles: ["teacher"] });
    addSection(district, { name: "Monorail", teachers: [teacher.id] });
    const e1 = clever.emit(district.id, "users.updated", { ...teacher });
    const districtRow = await connect(district);
    const { deps, runs } = harness();
    await runDistrictSync(deps, { districtId: districtRow.id, trigger: "test" });

    now += 31 * DAY_MS;
    const late = await runDistrictSync(deps, { districtId: districtRow.id, trigger: "test" });
    expect(late).toMatchObject({ kind: "FULL", status: "SUCCEEDED" });

    const e2 = clever.emit(district.id, "users.updated", { ...teacher, name: { first: "Lyle" } });
    clever.emit(district.id, "users.updated", { ...teacher, name: { first: "Lanley" } });
    await db().rosterDistrict.update({
      where: { id: districtRow.id },
      data: { eventCursor: e1.id, eventCursorAt: new Date(now) },
    });
    clever.expireEventsBefore(district.id, e2.id);
    runs.length = 0;
    const fellBack = await runDistrictSync(deps, { districtId: districtRow.id, trigger: "test" });

    expect(runs.map((r) => [r.kind, r.status])).toEqual([
      ["EVENTS", "FAILED"],
      ["FULL", "SUCCEEDED"],
    ]);
    expect(runs[0]!.error).toMatch(/no longer has events/);
    expect(fellBack.kind).toBe("FULL");
  });
});

describe("a revoked token", () => {
  it("disconnects the district with a clear reason and deletes nothing", async () => {
    const district = clever.addDistrict({ name: "Brockway" });
    const teacher = addUser(district, { roles: ["teacher"] });
    const kid = addUser(district, { roles: ["student"] });
    const section = addSection(district, { name: "Shop", teachers: [teacher.id], students: [kid.id] });
    const districtRow = await connect(district);
    const { deps } = harness();
    await runDistrictSync(deps, { districtId: districtRow.id, trigger: "test" });
    clever.revokeToken(district.id);

    const run = await runDistrictSync(deps, { districtId: districtRow.id, trigger: "test", full: true });

    expect(run).toMatchObject({ status: "FAILED", error: CLEVER_REVOKED_REASON });
    expect(await findDistrict(db(), { id: districtRow.id })).toMatchObject({
      status: "DISCONNECTED",
      statusReason: CLEVER_REVOKED_REASON,
    });
    const classes = await classesOf(districtRow.id);
    expect(classes.get(section.id)).toMatchObject({ removed: false });
    expect(classes.get(section.id)!.members.size).toBe(2);
    await expect(runDistrictSync(deps, { districtId: districtRow.id, trigger: "test" })).rejects.toThrow(
      /disconnected/,
    );
  });
});
