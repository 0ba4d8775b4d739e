import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import { createCourse } from "../courses/create-course.ts";
import { ensureEnrollment } from "../courses/enrollments.ts";
import type { Database } from "../db/open-database.ts";
import { mergeUsers } from "../links/merge-users.ts";
import type { Actor } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { listCourseRoster } from "./list-course-roster.ts";
import { type RosterMember, syncRoster, syncRostersInTransaction } from "./sync-roster.ts";

const ISSUER = "https://canvas.example.edu";
let database: Database;
const db = () => database.prisma;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const lms = (sub: string, tenant = ISSUER): Actor => ({ platform: "LTI", tenant, externalId: sub });
const member = (sub: string, over: Partial<RosterMember> = {}): RosterMember => ({
  externalId: sub,
  displayName: `Person ${sub}`,
  role: "STUDENT",
  active: true,
  ...over,
});
const sync = (
  courseId: string,
  members: RosterMember[],
  extra: { complete?: boolean; retain?: string[] } = {},
) =>
  syncRoster(db(), {
    courseId,
    platform: "LTI",
    tenant: ISSUER,
    members,
    complete: extra.complete ?? true,
    ...(extra.retain ? { retainExternalIds: extra.retain } : {}),
  });

async function enrolmentOf(courseId: string, actor: Actor) {
  const identity = await db().identity.findUnique({
    where: {
      platform_tenant_externalId: {
        platform: actor.platform,
        tenant: actor.tenant,
        externalId: actor.externalId,
      },
    },
  });
  if (!identity) return null;
  return db().enrollment.findUnique({ where: { courseId_userId: { courseId, userId: identity.userId } } });
}

describe("syncRoster", () => {
  it("enrols everyone on first sight with a user and an identity each, and changes nothing the second time", async () => {
    const course = await createCourse(db(), { name: "Biology" });
    const members = [
      member("s1"),
      member("s2"),
      member("t1", { role: "STAFF" }),
      member("gone", { active: false }),
    ];
    expect(await sync(course.id, members)).toMatchObject({
      listed: 4,
      added: 3,
      usersCreated: 3,
      removed: 0,
    });
    expect((await enrolmentOf(course.id, lms("t1")))?.role).toBe("STAFF");
    expect(await enrolmentOf(course.id, lms("s1"))).toMatchObject({
      role: "STUDENT",
      source: "LTI",
      removedAt: null,
    });
    expect(await enrolmentOf(course.id, lms("gone"))).toBeNull();
    expect(await sync(course.id, members)).toMatchObject({
      added: 0,
      usersCreated: 0,
      unchanged: 3,
      removed: 0,
    });
    expect(
      await db().identity.count({ where: { tenant: ISSUER, externalId: { in: ["s1", "s2", "t1"] } } }),
    ).toBe(3);
  });

  it("keeps the one user of a person who launched before or linked a chat account", async () => {
    const course = await createCourse(db(), { name: "Chemistry" });
    const launched = await resolveUser(db(), lms("launcher"));
    await ensureEnrollment(db(), {
      courseId: course.id,
      userId: launched.userId,
      role: "STUDENT",
      source: "LTI",
    });
    // A student who linked Discord to their LMS account: one user, two identities.
    const discord = await resolveUser(db(), { platform: "DISCORD", tenant: "", externalId: "D77" });
    const linked = await resolveUser(db(), lms("linker"));
    await db().$transaction((tx) => mergeUsers(tx, discord.userId, linked.userId));
    const users = await db().user.count();

    const result = await sync(course.id, [member("launcher", { displayName: "Lena L." }), member("linker")]);
    expect(result).toMatchObject({ usersCreated: 0, added: 1, unchanged: 1, renamed: 2 });
    expect(await db().user.count()).toBe(users);
    expect((await enrolmentOf(course.id, lms("linker")))?.userId).toBe(linked.userId);
    expect(
      (await enrolmentOf(course.id, { platform: "DISCORD", tenant: "", externalId: "D77" }))?.userId,
    ).toBe(linked.userId);
    const identity = await db().identity.findUniqueOrThrow({ where: { id: launched.identityId } });
    expect(identity.displayName).toBe("Lena L.");
  });

  it("follows the LMS role both ways on its own enrolments, marks the missing and inactive removed, and restores returners", async () => {
    const course = await createCourse(db(), { name: "Physics" });
    await sync(course.id, [member("a"), member("b"), member("c"), member("ta", { role: "STAFF" })]);

    const changed = await sync(course.id, [
      member("a", { role: "STAFF" }),
      member("b", { active: false }),
      member("ta", { role: "STUDENT" }),
    ]);
    expect(changed).toMatchObject({ roleChanged: 2, removed: 2, added: 0 });
    expect((await enrolmentOf(course.id, lms("a")))?.role).toBe("STAFF");
    expect((await enrolmentOf(course.id, lms("ta")))?.role).toBe("STUDENT");
    const removedB = await enrolmentOf(course.id, lms("b"));
    const removedC = await enrolmentOf(course.id, lms("c"));
    expect(removedB?.removedAt).toBeInstanceOf(Date);
    expect(removedC?.removedAt).toBeInstanceOf(Date);

    const back = await sync(course.id, [
      member("a", { role: "STAFF" }),
      member("b"),
      member("c"),
      member("ta"),
    ]);
    expect(back).toMatchObject({ restored: 2, removed: 0, added: 0 });
    expect((await enrolmentOf(course.id, lms("c")))?.removedAt).toBeNull();
    // The same enrolment row came back: history attached to it stays.
    expect((await enrolmentOf(course.id, lms("c")))?.id).toBe(removedC?.id);
  });

  it("removes no one for being absent from a partial roster, nor a retained person", async () => {
    const course = await createCourse(db(), { name: "History" });
    await sync(course.id, [member("p1"), member("p2"), member("admin", { role: "STAFF" })]);
    expect(await sync(course.id, [member("p1")], { complete: false })).toMatchObject({ removed: 0 });
    expect(await sync(course.id, [member("p1")], { retain: ["admin"] })).toMatchObject({ removed: 1 });
    expect((await enrolmentOf(course.id, lms("admin")))?.removedAt).toBeNull();
    expect((await enrolmentOf(course.id, lms("p2")))?.removedAt).toBeInstanceOf(Date);
  });

  it("never removes enrolments made in chat or by hand nor lowers their roles; raises a chat member the LMS lists as staff, until the LMS no longer does", async () => {
    const course = await createCourse(db(), { name: "Art" });
    const chat = await resolveUser(db(), { platform: "SLACK", tenant: "T1", externalId: "U1" });
    const lmsSide = await resolveUser(db(), lms("art-ta"));
    await db().$transaction((tx) => mergeUsers(tx, chat.userId, lmsSide.userId));
    await ensureEnrollment(db(), {
      courseId: course.id,
      userId: lmsSide.userId,
      role: "STUDENT",
      source: "SLACK",
    });
    const guest = await resolveUser(db(), lms("guest"));
    await ensureEnrollment(db(), {
      courseId: course.id,
      userId: guest.userId,
      role: "STAFF",
      source: "MANUAL",
    });

    expect(await sync(course.id, [member("art-ta", { role: "STAFF" })])).toMatchObject({
      roleChanged: 1,
      removed: 0,
    });
    expect(await enrolmentOf(course.id, lms("art-ta"))).toMatchObject({
      role: "STAFF",
      source: "SLACK",
      roleSource: "LTI",
    });
    // Gone from the LMS course: the staff role the LMS gave goes; the Slack enrolment stays.
    expect(await sync(course.id, [member("art-ta", { active: false })])).toMatchObject({
      removed: 0,
      roleChanged: 1,
    });
    expect(await enrolmentOf(course.id, lms("art-ta"))).toMatchObject({ role: "STUDENT", removedAt: null });
    expect(await enrolmentOf(course.id, lms("guest"))).toMatchObject({ role: "STAFF", removedAt: null });
  });

  it("lowers a staff role a launch gave (on a chat enrolment too) when the roster lists the person as a student, but not one given by hand", async () => {
    const course = await createCourse(db(), { name: "Dance" });
    const chat = await resolveUser(db(), { platform: "DISCORD", tenant: "G1", externalId: "D-dance" });
    const lmsSide = await resolveUser(db(), lms("dance-1"));
    await db().$transaction((tx) => mergeUsers(tx, chat.userId, lmsSide.userId));
    await ensureEnrollment(db(), {
      courseId: course.id,
      userId: lmsSide.userId,
      role: "STUDENT",
      source: "DISCORD",
    });
    // A launch with staff roles raises the Discord enrolment.
    await ensureEnrollment(db(), {
      courseId: course.id,
      userId: lmsSide.userId,
      role: "STAFF",
      source: "LTI",
    });
    const byHand = await resolveUser(db(), lms("dance-2"));
    await ensureEnrollment(db(), {
      courseId: course.id,
      userId: byHand.userId,
      role: "STUDENT",
      source: "LTI",
    });
    await ensureEnrollment(db(), {
      courseId: course.id,
      userId: byHand.userId,
      role: "STAFF",
      source: "MANUAL",
    });

    expect(await sync(course.id, [member("dance-1"), member("dance-2")])).toMatchObject({
      roleChanged: 1,
      unchanged: 1,
    });
    expect(await enrolmentOf(course.id, lms("dance-1"))).toMatchObject({
      role: "STUDENT",
      source: "DISCORD",
      roleSource: "LTI",
      removedAt: null,
    });
    expect(await enrolmentOf(course.id, lms("dance-2"))).toMatchObject({
      role: "STAFF",
      roleSource: "MANUAL",
    });
  });

  it("touches only its course, and not the people of another LMS", async () => {
    const course = await createCourse(db(), { name: "Music" });
    const other = await createCourse(db(), { name: "Drama" });
    await sync(course.id, [member("m1"), member("m2")]);
    await sync(other.id, [member("m1"), member("m2")]);
    const moodle = await resolveUser(db(), lms("m1", "https://moodle.example.edu"));
    await ensureEnrollment(db(), {
      courseId: course.id,
      userId: moodle.userId,
      role: "STUDENT",
      source: "LTI",
    });

    expect(await sync(course.id, [])).toMatchObject({ removed: 2 });
    expect((await enrolmentOf(other.id, lms("m1")))?.removedAt).toBeNull();
    expect((await enrolmentOf(other.id, lms("m2")))?.removedAt).toBeNull();
    expect((await enrolmentOf(course.id, lms("m1", "https://moodle.example.edu")))?.removedAt).toBeNull();
  });

  it("gives a person one user when their first launch races the sync that first lists them", async () => {
    // On Postgres some launches land between the sync's lookup and its insert (their identity wins and
    // the sync's spare user is dropped); others wait for the sync and take its user. PGlite serialises.
    const course = await createCourse(db(), { name: "Racing" });
    const subs = Array.from({ length: 1500 }, (_, i) => `race-${i}`);
    const late = subs.slice(-40);
    const launches = late.map((sub, i) =>
      new Promise((resolve) => setTimeout(resolve, [1, 3, 6, 12, 25][i % 5])).then(() =>
        resolveUser(db(), lms(sub)),
      ),
    );
    const [result, ...resolved] = await Promise.all([
      sync(
        course.id,
        subs.map((sub) => member(sub)),
      ),
      ...launches,
    ]);
    expect(result.listed).toBe(1500);
    const identities = await db().identity.findMany({ where: { tenant: ISSUER, externalId: { in: late } } });
    expect(identities).toHaveLength(40);
    expect(new Set(identities.map((i) => i.userId))).toEqual(new Set(resolved.map((r) => r.userId)));
    expect(await db().enrollment.count({ where: { courseId: course.id, removedAt: null } })).toBe(1500);
    const orphans = await db().$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM "User" u WHERE NOT EXISTS (SELECT 1 FROM "Identity" i WHERE i."userId" = u.id)`;
    expect(orphans[0]!.n).toBe(0);
  });

  it("refuses a malformed roster and an unknown course", async () => {
    const course = await createCourse(db(), { name: "Latin" });
    await expect(sync(course.id, [member("")])).rejects.toMatchObject({ code: "invalid_input" });
    await expect(sync("00000000-0000-4000-8000-000000000000", [member("x")])).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await db().identity.count({ where: { externalId: "x" } })).toBe(0);
  });
});

describe("listCourseRoster", () => {
  it("lists active people before removed ones with their linked accounts, for staff only", async () => {
    const course = await createCourse(db(), { name: "Geography" });
    await sync(course.id, [
      member("g-teacher", { role: "STAFF", displayName: "Teacher" }),
      member("g-b", { displayName: "Bea" }),
      member("g-a", { displayName: "Abe" }),
    ]);
    const slack = await resolveUser(db(), {
      platform: "SLACK",
      tenant: "T1",
      externalId: "UBEA",
      displayName: "bea",
    });
    const bea = await resolveUser(db(), lms("g-b"));
    await db().$transaction((tx) => mergeUsers(tx, slack.userId, bea.userId));
    await sync(course.id, [member("g-teacher", { role: "STAFF" }), member("g-b")]);

    const roster = await listCourseRoster(db(), { actor: lms("g-teacher"), courseId: course.id });
    expect(roster).toMatchObject({ total: 3, active: 2, removed: 1 });
    expect(roster.members.map((m) => [m.displayName, m.removedAt === null])).toEqual([
      ["Bea", true],
      ["Teacher", true],
      ["Abe", false],
    ]);
    expect(roster.members[0]!.identities.map((i) => [i.platform, i.displayName])).toEqual([
      ["LTI", "Person g-b"],
      ["SLACK", "bea"],
    ]);
    expect(
      (await listCourseRoster(db(), { actor: lms("g-teacher"), courseId: course.id, offset: 2, limit: 5 }))
        .members,
    ).toHaveLength(1);
    await expect(listCourseRoster(db(), { actor: lms("g-b"), courseId: course.id })).rejects.toMatchObject({
      code: "forbidden",
    });
  });

  it("applies many courses' rosters in one call, each as its own sync: a partial roster leaves the unlisted, a course given twice takes its rosters in order", async () => {
    const algebra = await createCourse(db(), { name: "Algebra (many)" });
    const chemistry = await createCourse(db(), { name: "Chemistry (many)" });
    await sync(algebra.id, [member("m-a"), member("m-b"), member("m-c")]);
    await sync(chemistry.id, [member("m-a"), member("m-d")]);

    const result = await db().$transaction((tx) =>
      syncRostersInTransaction(tx, {
        platform: "LTI",
        tenant: ISSUER,
        rosters: [
          // Partial: m-b leaves, m-e joins, m-a and m-c are not mentioned and stay.
          {
            courseId: algebra.id,
            members: [member("m-b", { active: false }), member("m-e")],
            complete: false,
          },
          // Complete: only m-d stays; then the same course again brings m-a back.
          { courseId: chemistry.id, members: [member("m-d")], complete: true },
          { courseId: chemistry.id, members: [member("m-a"), member("m-d")], complete: true },
        ],
      }),
    );
    expect(result).toMatchObject({ listed: 5, added: 1, removed: 2, restored: 1, usersCreated: 1 });
    const active = async (courseId: string, sub: string) =>
      (await enrolmentOf(courseId, lms(sub)))?.removedAt === null;
    expect(await active(algebra.id, "m-a")).toBe(true);
    expect(await active(algebra.id, "m-b")).toBe(false);
    expect(await active(algebra.id, "m-c")).toBe(true);
    expect(await active(algebra.id, "m-e")).toBe(true);
    expect(await active(chemistry.id, "m-a")).toBe(true);
    expect(await active(chemistry.id, "m-d")).toBe(true);
  });
});
