import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../../test/support/test-database.ts";
import type { Database } from "../../db/open-database.ts";
import { ephemeralSecretBox } from "../../secrets/secret-box.ts";
import { applyDistrictChanges, applyDistrictRoster } from "./apply-district-roster.ts";
import { listPersonDistrictSections } from "./district-courses.ts";
import type { DistrictSyncReport, FullDistrictRoster } from "./district-roster.ts";
import { connectDistrict } from "./districts.ts";
import { findSyncRun, startSyncRun } from "./sync-runs.ts";

let database: Database;
const db = () => database.prisma;
const secrets = ephemeralSecretBox();
let districtSeq = 0;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

async function newDistrict(provider: "CLEVER" | "ONEROSTER" = "CLEVER") {
  districtSeq += 1;
  const externalId = `d${districtSeq}`;
  const district = await connectDistrict(
    { db: db(), secrets },
    { provider, externalId, name: `District ${districtSeq}` },
  );
  return { id: district.id, externalId, provider };
}

const teacher = (externalId: string) => ({ externalId, role: "STAFF" as const });
const student = (externalId: string) => ({ externalId, role: "STUDENT" as const });
type FullSection = FullDistrictRoster["sections"][number];
const section = (externalId: string, name: string, members: FullSection["members"]): FullSection => ({
  externalId,
  name,
  schoolName: "North High",
  termName: "Fall",
  members,
});

async function sectionOf(districtId: string, externalId: string) {
  return db().rosterSection.findUnique({
    where: { districtId_externalId: { districtId, externalId } },
    include: { course: true },
  });
}

async function enrolment(
  district: { externalId: string; provider: "CLEVER" | "ONEROSTER" },
  courseId: string,
  person: string,
) {
  const identity = await db().identity.findUnique({
    where: {
      platform_tenant_externalId: {
        platform: district.provider,
        tenant: district.externalId,
        externalId: person,
      },
    },
  });
  if (!identity) return null;
  return db().enrollment.findUnique({ where: { courseId_userId: { courseId, userId: identity.userId } } });
}

function zeroedExceptUnchanged(report: DistrictSyncReport) {
  return {
    sections: { ...report.sections, unchanged: 0 },
    enrollments: report.enrollments,
    people: report.people,
    errors: report.errors,
  };
}

const ZERO = {
  sections: { added: 0, updated: 0, removed: 0, restored: 0, unchanged: 0 },
  enrollments: { added: 0, removed: 0, restored: 0, roleChanged: 0 },
  people: { added: 0, updated: 0 },
  errors: [],
};

describe("applyDistrictRoster", () => {
  it("makes each class its own course even with the same name, co-teachers staff, multi-role people one user", async () => {
    const district = await newDistrict();
    const roster: FullDistrictRoster = {
      people: [
        { externalId: "t1", displayName: "Ada Teacher" },
        { externalId: "t2", displayName: "Co Teacher" },
        { externalId: "m1", displayName: "Multi Role" },
        { externalId: "s1", displayName: "Sam Student" },
        { externalId: "nameless" },
      ],
      sections: [
        section("sec-a", "Algebra I", [teacher("t1"), teacher("t2"), student("s1"), student("m1")]),
        section("sec-b", "Algebra I", [teacher("m1"), student("nameless"), student("s1")]),
      ],
    };
    const report = await applyDistrictRoster(db(), { districtId: district.id, roster });
    expect(report).toEqual({
      ...ZERO,
      sections: { ...ZERO.sections, added: 2 },
      enrollments: { ...ZERO.enrollments, added: 7 },
      people: { added: 5, updated: 0 },
    });
    const a = await sectionOf(district.id, "sec-a");
    const b = await sectionOf(district.id, "sec-b");
    expect(a?.courseId).not.toBe(b?.courseId);
    expect(a?.course.name).toBe("Algebra I");
    expect(b?.course.name).toBe("Algebra I");
    expect(a?.course.slug).not.toBe(b?.course.slug);
    expect(b).toMatchObject({ schoolName: "North High", termName: "Fall", removedAt: null });
    const courseA = a?.courseId ?? "";
    const courseB = b?.courseId ?? "";
    expect((await enrolment(district, courseA, "t2"))?.role).toBe("STAFF");
    expect(await enrolment(district, courseA, "t1")).toMatchObject({ role: "STAFF", source: "CLEVER" });
    const multiA = await enrolment(district, courseA, "m1");
    const multiB = await enrolment(district, courseB, "m1");
    expect(multiA?.role).toBe("STUDENT");
    expect(multiB?.role).toBe("STAFF");
    expect(multiA?.userId).toBe(multiB?.userId);
    const nameless = await db().identity.findFirst({
      where: { platform: "CLEVER", tenant: district.externalId, externalId: "nameless" },
      include: { user: true },
    });
    expect(nameless?.displayName).toBeNull();
    expect(nameless?.user.displayName).toBeNull();
    const home = await listPersonDistrictSections(db(), {
      provider: "CLEVER",
      districtExternalId: district.externalId,
      externalId: "m1",
    });
    expect(home.map((h) => [h.courseId, h.role]).sort()).toEqual(
      [
        [courseA, "STUDENT"],
        [courseB, "STAFF"],
      ].sort(),
    );
    expect(
      zeroedExceptUnchanged(await applyDistrictRoster(db(), { districtId: district.id, roster })),
    ).toEqual(ZERO);
  });

  it("counts someone listed as teacher and student of one class once, as staff", async () => {
    const district = await newDistrict();
    const roster = {
      people: [{ externalId: "x", displayName: "X" }],
      sections: [section("s", "Biology", [student("x"), teacher("x")])],
    };
    const report = await applyDistrictRoster(db(), { districtId: district.id, roster });
    expect(report.enrollments.added).toBe(1);
    const s = await sectionOf(district.id, "s");
    expect((await enrolment(district, s?.courseId ?? "", "x"))?.role).toBe("STAFF");
  });

  it("applies a class of 1,500 students", async () => {
    const district = await newDistrict("ONEROSTER");
    const students = Array.from({ length: 1500 }, (_, i) => `st${i}`);
    const report = await applyDistrictRoster(db(), {
      districtId: district.id,
      roster: {
        people: students.map((externalId) => ({ externalId, displayName: `Student ${externalId}` })),
        sections: [section("big", "Lecture", [teacher("prof"), ...students.map(student)])],
      },
    });
    expect(report.enrollments.added).toBe(1501);
    expect(report.people.added).toBe(1501);
    const s = await sectionOf(district.id, "big");
    expect(await db().enrollment.count({ where: { courseId: s?.courseId ?? "", removedAt: null } })).toBe(
      1501,
    );
    expect(await enrolment(district, s?.courseId ?? "", "st1499")).toMatchObject({ source: "ONEROSTER" });
  });

  it("removes a class no longer listed, keeping the course, its history and the enrolment rows, and restores it when it returns", async () => {
    const district = await newDistrict();
    const math = section("math", "Math", [teacher("t"), student("s")]);
    const art = section("art", "Art", [teacher("t"), student("s")]);
    await applyDistrictRoster(db(), {
      districtId: district.id,
      roster: { people: [], sections: [math, art] },
    });
    const artRow = await sectionOf(district.id, "art");
    const artCourse = artRow?.courseId ?? "";
    const s = await enrolment(district, artCourse, "s");
    await db().conversation.create({
      data: { userId: s?.userId ?? "", courseId: artCourse, platform: "CLEVER", threadKey: "history" },
    });

    const removed = await applyDistrictRoster(db(), {
      districtId: district.id,
      roster: { people: [], sections: [math] },
    });
    expect(removed.sections).toEqual({ added: 0, updated: 0, removed: 1, restored: 0, unchanged: 1 });
    expect(removed.enrollments.removed).toBe(2);
    expect((await sectionOf(district.id, "art"))?.removedAt).toBeInstanceOf(Date);
    expect((await enrolment(district, artCourse, "s"))?.removedAt).toBeInstanceOf(Date);
    expect(await db().course.findUnique({ where: { id: artCourse } })).not.toBeNull();
    expect(await db().conversation.count({ where: { courseId: artCourse } })).toBe(1);
    const home = await listPersonDistrictSections(db(), {
      provider: "CLEVER",
      districtExternalId: district.externalId,
      externalId: "s",
    });
    expect(home.map((h) => h.sectionName)).toEqual(["Math"]);

    const back = await applyDistrictRoster(db(), {
      districtId: district.id,
      roster: { people: [], sections: [math, art] },
    });
    expect(back.sections).toEqual({ added: 0, updated: 0, removed: 0, restored: 1, unchanged: 1 });
    expect(back.enrollments.restored).toBe(2);
    expect((await sectionOf(district.id, "art"))?.removedAt).toBeNull();
    expect((await enrolment(district, artCourse, "s"))?.id).toBe(s?.id);
  });

  it("renames a course with its class unless a teacher renamed it", async () => {
    const district = await newDistrict();
    const apply = (sections: FullSection[]) =>
      applyDistrictRoster(db(), { districtId: district.id, roster: { people: [], sections } });
    await apply([section("a", "Chem", [teacher("t")]), section("b", "Phys", [teacher("t")])]);
    const b = await sectionOf(district.id, "b");
    await db().course.update({ where: { id: b?.courseId ?? "" }, data: { name: "Ms T's Physics" } });
    const report = await apply([
      section("a", "Chemistry", [teacher("t")]),
      section("b", "Physics", [teacher("t")]),
    ]);
    expect(report.sections.updated).toBe(2);
    expect((await sectionOf(district.id, "a"))?.course.name).toBe("Chemistry");
    expect(await sectionOf(district.id, "b")).toMatchObject({
      name: "Physics",
      course: { name: "Ms T's Physics" },
    });
  });

  it("removes nothing when a full roster lists no classes while the district has some", async () => {
    const district = await newDistrict();
    await applyDistrictRoster(db(), {
      districtId: district.id,
      roster: { people: [], sections: [section("c", "Civics", [teacher("t"), student("s")])] },
    });
    const report = await applyDistrictRoster(db(), {
      districtId: district.id,
      roster: { people: [], sections: [] },
    });
    expect(report.sections.removed).toBe(0);
    expect(report.errors).toEqual([
      expect.objectContaining({ resource: "sections", recordId: district.externalId }),
    ]);
    const c = await sectionOf(district.id, "c");
    expect(c?.removedAt).toBeNull();
    expect((await enrolment(district, c?.courseId ?? "", "s"))?.removedAt).toBeNull();
  });

  it("reports bad records with their ids in the roster's order, applies the rest and removes nobody because of it", async () => {
    const district = await newDistrict();
    await applyDistrictRoster(db(), {
      districtId: district.id,
      roster: {
        people: [],
        sections: [section("ok", "History", [teacher("t"), student("s")]), section("bad", "Art", [])],
      },
    });
    const report = await applyDistrictRoster(db(), {
      districtId: district.id,
      roster: {
        people: [{ externalId: "" }],
        sections: [
          section("ok", "History", [teacher("t"), { externalId: "x".repeat(300), role: "STUDENT" }]),
          { externalId: "bad", name: "", members: [] },
        ],
      },
    });
    expect(report.errors.map((e) => [e.resource, e.recordId])).toEqual([
      ["members", `ok/${"x".repeat(255)}`],
      ["sections", "bad"],
      ["people", "#1"],
    ]);
    expect(report.sections.removed).toBe(0);
    expect(report.enrollments.removed).toBe(0);
    expect((await sectionOf(district.id, "bad"))?.removedAt).toBeNull();
  });

  it("dry run reports what the real run does and changes nothing", async () => {
    const district = await newDistrict();
    await applyDistrictRoster(db(), {
      districtId: district.id,
      roster: {
        people: [{ externalId: "s1", displayName: "Old Name" }],
        sections: [section("a", "A", [teacher("t"), student("s1")]), section("b", "B", [teacher("t")])],
      },
    });
    const roster: FullDistrictRoster = {
      people: [{ externalId: "s1", displayName: "New Name" }],
      sections: [section("a", "A2", [teacher("t"), student("s2")]), section("c", "C", [student("s1")])],
    };
    const counts = async () => ({
      sections: await db().rosterSection.findMany({
        where: { districtId: district.id },
        select: { externalId: true, name: true, removedAt: true },
        orderBy: { externalId: "asc" },
      }),
      enrollments: await db().enrollment.count({ where: { removedAt: null } }),
      identities: await db().identity.findMany({
        where: { tenant: district.externalId },
        orderBy: { externalId: "asc" },
      }),
      courses: await db().course.count(),
    });
    const before = await counts();
    const dry = await applyDistrictRoster(db(), { districtId: district.id, roster }, { dryRun: true });
    expect(await counts()).toEqual(before);
    const real = await applyDistrictRoster(db(), { districtId: district.id, roster });
    expect(dry).toEqual(real);
    expect(real.sections).toEqual({ added: 1, updated: 1, removed: 1, restored: 0, unchanged: 0 });
    expect(real.people).toEqual({ added: 1, updated: 1 });
  });

  it("applies a sync run once: finished in the apply's transaction, a second apply of it changes nothing", async () => {
    const district = await newDistrict();
    const start = await startSyncRun(db(), { districtId: district.id, kind: "FULL", trigger: "test" });
    if (!start.started) throw new Error("a new district has no run yet");
    const readError = { resource: "users", recordId: "u9", message: "no id" };
    const roster = {
      people: [],
      sections: [section("a", "A", [teacher("t"), student("s")]), section("b", "B", [teacher("t")])],
    };
    const report = await applyDistrictRoster(
      db(),
      { districtId: district.id, roster },
      { run: { id: start.run.id, errors: [readError] } },
    );
    expect(report.errors).toEqual([readError]);
    const finished = await findSyncRun(db(), start.run.id);
    expect(finished).toMatchObject({
      status: "SUCCEEDED",
      report: { sections: { added: 2 }, errors: [readError] },
    });

    // A second process that read only part of the district, still holding the same run.
    const partial = { people: [], sections: [section("a", "A", [teacher("t")])] };
    await expect(
      applyDistrictRoster(db(), { districtId: district.id, roster: partial }, { run: { id: start.run.id } }),
    ).rejects.toMatchObject({ code: "conflict" });
    expect((await sectionOf(district.id, "b"))?.removedAt).toBeNull();
    const a = await sectionOf(district.id, "a");
    expect((await enrolment(district, a?.courseId ?? "", "s"))?.removedAt).toBeNull();
  });

  it("refuses an unknown district", async () => {
    await expect(
      applyDistrictRoster(db(), {
        districtId: "00000000-0000-4000-8000-000000000000",
        roster: { people: [], sections: [] },
      }),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("applyDistrictChanges", () => {
  it("applies people, classes, memberships and removals, and changes nothing the second time", async () => {
    const district = await newDistrict();
    await applyDistrictRoster(db(), {
      districtId: district.id,
      roster: {
        people: [{ externalId: "s1", displayName: "One" }],
        sections: [
          section("keep", "Keep", [teacher("t"), student("s1"), student("s2")]),
          section("drop", "Drop", [teacher("t"), student("s1")]),
        ],
      },
    });
    const changes = {
      people: [
        { externalId: "s1", displayName: "Renamed" },
        { externalId: "s3", displayName: "Three" },
      ],
      removedPeople: ["s2"],
      sections: [
        { externalId: "new", name: "New", members: [teacher("t"), student("s3")] },
        { externalId: "keep", name: "Keep", schoolName: "North High", termName: "Fall" },
      ],
      removedSections: ["drop"],
      memberships: [
        { sectionId: "keep", externalId: "s3", role: "STUDENT" as const, active: true },
        { sectionId: "keep", externalId: "s1", role: "STUDENT" as const, active: false },
        { sectionId: "nowhere", externalId: "s1", role: "STUDENT" as const, active: true },
      ],
    };
    const first = await applyDistrictChanges(db(), { districtId: district.id, changes });
    expect(first).toEqual({
      sections: { added: 1, updated: 0, removed: 1, restored: 0, unchanged: 1 },
      // new: t + s3; keep: +s3, -s1; s2 leaves keep; drop: t and s1 lose access
      enrollments: { added: 3, removed: 4, restored: 0, roleChanged: 0 },
      people: { added: 1, updated: 1 },
      errors: [expect.objectContaining({ resource: "memberships", recordId: "nowhere/s1" })],
    });
    const keep = (await sectionOf(district.id, "keep"))?.courseId ?? "";
    expect((await enrolment(district, keep, "s2"))?.removedAt).toBeInstanceOf(Date);
    expect((await enrolment(district, keep, "s1"))?.removedAt).toBeInstanceOf(Date);
    expect((await enrolment(district, keep, "t"))?.removedAt).toBeNull();

    const second = await applyDistrictChanges(db(), { districtId: district.id, changes });
    expect(second.sections.unchanged).toBe(2);
    expect({ ...second, errors: [] }).toEqual({ ...ZERO, sections: { ...ZERO.sections, unchanged: 2 } });
  });

  it("leaves a class's roster alone when a change gives no members, and dry-runs like the real thing", async () => {
    const district = await newDistrict();
    await applyDistrictRoster(db(), {
      districtId: district.id,
      roster: { people: [], sections: [section("k", "K", [teacher("t"), student("s")])] },
    });
    const changes = {
      sections: [{ externalId: "k", name: "K renamed" }],
      memberships: [{ sectionId: "k", externalId: "t", role: "STUDENT" as const, active: true }],
    };
    const dry = await applyDistrictChanges(db(), { districtId: district.id, changes }, { dryRun: true });
    expect((await sectionOf(district.id, "k"))?.name).toBe("K");
    const real = await applyDistrictChanges(db(), { districtId: district.id, changes });
    expect(dry).toEqual(real);
    expect(real.sections.updated).toBe(1);
    expect(real.enrollments.roleChanged).toBe(1);
    const k = await sectionOf(district.id, "k");
    expect(k?.course.name).toBe("K renamed");
    expect((await enrolment(district, k?.courseId ?? "", "s"))?.removedAt).toBeNull();
    expect((await enrolment(district, k?.courseId ?? "", "t"))?.role).toBe("STUDENT");
  });
});
