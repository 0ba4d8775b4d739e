import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  type Database,
  ephemeralSecretBox,
  findDistrict,
  finishSyncRun,
  listSyncRuns,
  silentLogger,
  startSyncRun,
} from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  malformedSet,
  type OneRosterFileSet,
  oneRosterZip,
  SMALL_DISTRICT,
  smallBulkSet,
  smallDeltaSet,
  unknownRoleSet,
  writeOneRosterFolder,
} from "../../../test/support/oneroster-fixtures.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import { importOneRosterSet } from "./import-oneroster-set.ts";

let database: Database;
let tmp: string;
const db = () => database.prisma;
const deps = () => ({ db: db(), secrets: ephemeralSecretBox(), log: silentLogger() });

beforeAll(async () => {
  database = await createTestDatabase();
  tmp = await mkdtemp(path.join(os.tmpdir(), "oneroster-import-"));
});
afterAll(async () => {
  await database.close();
  await rm(tmp, { recursive: true, force: true });
});

let folders = 0;
const folder = (files: OneRosterFileSet) => writeOneRosterFolder(path.join(tmp, `set-${++folders}`), files);
const importSet = async (files: OneRosterFileSet, districtName: string, dryRun = false) =>
  importOneRosterSet(deps(), { source: await folder(files), districtName, dryRun, trigger: "test" });

/** Everything an import may change, counted: a dry run or a refused set must leave it as it was. */
async function snapshot() {
  return {
    districts: await db().rosterDistrict.count(),
    sections: await db().rosterSection.findMany({ orderBy: { externalId: "asc" } }),
    courses: await db().course.findMany({ orderBy: { id: "asc" } }),
    enrollments: await db().enrollment.findMany({ orderBy: { id: "asc" } }),
    identities: await db().identity.count(),
    runs: await db().rosterSyncRun.count(),
  };
}

/** A class's course and who is enrolled in it (active only): OneRoster sourcedId -> role. */
async function classRoster(districtExternalId: string, classId: string) {
  const section = await db().rosterSection.findFirstOrThrow({
    where: { externalId: classId, district: { provider: "ONEROSTER", externalId: districtExternalId } },
    include: { course: true },
  });
  const enrollments = await db().enrollment.findMany({
    where: { courseId: section.courseId, removedAt: null },
    include: { user: { include: { identities: true } } },
  });
  const members = Object.fromEntries(
    enrollments.map((e) => {
      const identity = e.user.identities.find(
        (i) => i.platform === "ONEROSTER" && i.tenant === districtExternalId,
      );
      return [identity?.externalId ?? `user ${e.userId}`, e.role];
    }),
  );
  return { section, course: section.course, members };
}

describe("importOneRosterSet", () => {
  it("imports a bulk set: a course per class, teachers as staff and students enrolled, one IMPORT run", async () => {
    const result = await importSet(smallBulkSet(), "Springfield Unified");
    expect(result.district).toMatchObject({ externalId: "springfield-unified", isNew: true });
    expect(result.report.sections).toMatchObject({ added: SMALL_DISTRICT.sections, removed: 0 });
    expect(result.report.enrollments.added).toBe(SMALL_DISTRICT.enrollments);
    expect(result.report.errors).toEqual([]);

    const algebra = await classRoster("springfield-unified", "cls-alg-1");
    expect(algebra.section).toMatchObject({
      schoolName: "Springfield High",
      termName: "Fall 2026, Spring 2027",
    });
    expect(algebra.course.name).toContain("Algebra I - Period 1");
    expect(algebra.members).toEqual({
      t1: "STAFF",
      t2: "STAFF",
      s1: "STUDENT",
      s2: "STUDENT",
      s3: "STUDENT",
    });
    const middle = await classRoster("springfield-unified", "cls-alg-m");
    expect(middle.course.id).not.toBe(algebra.course.id);
    expect(middle.members).toEqual({ t1: "STAFF", s5: "STUDENT", s6: "STUDENT" });

    const district = await findDistrict(db(), { provider: "ONEROSTER", externalId: "springfield-unified" });
    expect(district).toMatchObject({ name: "Springfield Unified", sections: SMALL_DISTRICT.sections });
    const [run] = await listSyncRuns(db(), district!.id);
    expect(run).toMatchObject({ id: result.runId, kind: "IMPORT", status: "SUCCEEDED", trigger: "test" });
    expect(run!.report?.enrollments.added).toBe(SMALL_DISTRICT.enrollments);
  });

  it("changes nothing when the same bulk set is imported again", async () => {
    const before = await snapshot();
    const again = await importSet(smallBulkSet(), "Springfield Unified");
    expect(again.district.isNew).toBe(false);
    expect(again.report.sections).toEqual({
      added: 0,
      updated: 0,
      removed: 0,
      restored: 0,
      unchanged: SMALL_DISTRICT.sections,
    });
    expect(again.report.enrollments).toEqual({ added: 0, removed: 0, restored: 0, roleChanged: 0 });
    expect(again.report.people).toEqual({ added: 0, updated: 0 });
    const after = await snapshot();
    expect({ ...after, runs: 0 }).toEqual({ ...before, runs: 0 });
    expect(after.runs).toBe(before.runs + 1);
  });

  it("applies a delta set: one enrolment removed, one added, a class renamed, nothing else touched", async () => {
    const dry = await importSet(smallDeltaSet(), "Springfield Unified", true);
    const before = await snapshot();
    const result = await importSet(smallDeltaSet(), "Springfield Unified");
    expect(result.mode).toBe("delta");
    expect(dry.report).toEqual(result.report);
    expect(result.report.enrollments).toEqual({ added: 1, removed: 1, restored: 0, roleChanged: 0 });
    expect(result.report.sections).toMatchObject({ added: 0, updated: 1, removed: 0 });

    const algebra = await classRoster("springfield-unified", "cls-alg-1");
    expect(algebra.members).toEqual({ t1: "STAFF", t2: "STAFF", s1: "STUDENT", s3: "STUDENT" });
    const biology = await classRoster("springfield-unified", "cls-bio-2");
    expect(biology.members).toEqual({ t2: "STAFF", s2: "STUDENT", s4: "STUDENT", s7: "STUDENT" });
    expect(biology.section.name).toBe("Biology - Period 3");
    // A class row without a school in the delta keeps the school it had.
    expect(biology.section.schoolName).toBe("Springfield High");
    const after = await snapshot();
    expect(after.enrollments.length).toBe(before.enrollments.length + 1);
    expect(after.enrollments.filter((e) => e.removedAt).length).toBe(
      before.enrollments.filter((e) => e.removedAt).length + 1,
    );
  });

  it("reports a dry run with the real run's numbers and changes and records nothing, for a new district", async () => {
    const before = await snapshot();
    const dry = await importSet(smallBulkSet(), "Shelbyville Schools", true);
    expect(dry).toMatchObject({ dryRun: true, runId: null, district: { id: null, isNew: true } });
    expect(await snapshot()).toEqual(before);
    const real = await importSet(smallBulkSet(), "Shelbyville Schools");
    expect(real.report.sections).toEqual(dry.report.sections);
    expect(real.report.enrollments).toEqual(dry.report.enrollments);
    expect(real.report.people).toEqual(dry.report.people);
  });

  it("refuses a malformed set before changing anything, a zip as well as a folder", async () => {
    const before = await snapshot();
    const { files, problems } = malformedSet();
    await expect(importSet(files, "Ogdenville")).rejects.toMatchObject({
      code: "invalid_input",
      userMessage: expect.stringContaining(problems[0]!),
    });
    const zip = path.join(tmp, "malformed.zip");
    await writeFile(zip, oneRosterZip(files));
    await expect(
      importOneRosterSet(deps(), { source: zip, districtName: "Springfield Unified", trigger: "test" }),
    ).rejects.toMatchObject({ userMessage: expect.stringContaining(problems[1]!) });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a delta set for a district never imported", async () => {
    await expect(importSet(smallDeltaSet(), "North Haverbrook")).rejects.toMatchObject({
      userMessage:
        "North Haverbrook has not been imported yet, and a delta set holds only changes. Import a bulk set first.",
    });
  });

  it("records an unknown role as a reported problem of the run and imports the rest", async () => {
    const result = await importSet(unknownRoleSet(), "Capital City");
    expect(result.skipped).toHaveLength(1);
    expect(result.report.errors).toEqual([
      {
        resource: "enrollments",
        recordId: "line 13",
        message: expect.stringMatching(/^enrollments\.csv line 13, column role: 'aide' is not a role/),
      },
    ]);
    expect(result.report.enrollments.added).toBe(SMALL_DISTRICT.enrollments);
    const [run] = await listSyncRuns(db(), result.district.id!);
    expect(run!.report?.errors).toEqual(result.report.errors);
  });

  it("refuses a second import of a district while one runs, and imports once it has finished", async () => {
    const district = await findDistrict(db(), { provider: "ONEROSTER", externalId: "springfield-unified" });
    const start = await startSyncRun(db(), { districtId: district!.id, kind: "IMPORT", trigger: "other" });
    if (!start.started) throw new Error("a run was left running");
    await expect(importSet(smallBulkSet(), "Springfield Unified")).rejects.toMatchObject({
      code: "conflict",
      userMessage: expect.stringMatching(
        new RegExp(
          `^A OneRoster import of Springfield Unified is already running \\(run ${start.run.id}, started `,
        ),
      ),
    });
    await finishSyncRun(db(), start.run.id, { error: "stopped by the test" });
    const after = await importSet(smallBulkSet(), "Springfield Unified");
    expect(after.runId).not.toBeNull();
  });
});
