import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCourse, studentActor } from "../../../test/support/course-fixtures.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import { ensureEnrollment } from "../courses/enrollments.ts";
import type { Database, Prisma } from "../db/open-database.ts";
import type { Actor } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { getProgress } from "./get-progress.ts";
import { getLeaderboard, mondayOf } from "./leaderboard.ts";
import { setLeaderboardHidden } from "./leaderboard-visibility.ts";

let database: Database;
const db = (): Prisma => database.prisma;
let seq = 0;

// Sunday 13 December 2026, 12:00 UTC: already Monday 14 December (01:00) in Auckland (UTC+13).
const NOW = new Date("2026-12-13T12:00:00Z");

async function userOf(actor: Actor): Promise<string> {
  return (await resolveUser(db(), actor)).userId;
}

async function award(actor: Actor, courseId: string, points: number, at = "2026-12-10T12:00:00Z") {
  seq += 1;
  await db().xpEvent.create({
    data: {
      userId: await userOf(actor),
      courseId,
      kind: "CARD_REVIEW",
      sourceKey: `test-${seq}`,
      points,
      occurredAt: new Date(at),
      localDate: new Date(at.slice(0, 10)),
    },
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe("getLeaderboard", () => {
  it("ranks active students by XP, ties sharing a place ordered by name, staff and removed people left out", async () => {
    const [zoe, adam, mia, sam, gone] = ["L1", "L2", "L3", "L4", "L5"].map((id) => studentActor(id));
    const teacher = studentActor("LT");
    const course = await seedCourse(db(), "Ties 101", [zoe!, adam!, mia!, sam!, gone!]);
    await ensureEnrollment(db(), {
      courseId: course.id,
      userId: await userOf(teacher),
      role: "STAFF",
      source: "MANUAL",
    });
    await db().user.update({ where: { id: await userOf(adam!) }, data: { displayName: "Adam" } });
    await db().user.update({ where: { id: await userOf(mia!) }, data: { displayName: "mia" } });
    await db().user.update({ where: { id: await userOf(zoe!) }, data: { displayName: "Zoe" } });
    await award(zoe!, course.id, 30);
    await award(adam!, course.id, 20);
    await award(adam!, course.id, 10);
    await award(mia!, course.id, 12);
    await award(teacher, course.id, 500);
    await award(gone!, course.id, 900);
    await db().enrollment.updateMany({
      where: { courseId: course.id, userId: await userOf(gone!) },
      data: { removedAt: new Date() },
    });

    const board = await getLeaderboard(
      db(),
      { actor: mia!, courseId: course.id, period: "all" },
      { now: NOW },
    );
    expect(board.rows).toEqual([
      { rank: 1, displayName: "Adam", xp: 30, isYou: false },
      { rank: 1, displayName: "Zoe", xp: 30, isYou: false },
      { rank: 3, displayName: "mia", xp: 12, isYou: true },
    ]);
    expect(board.you).toEqual({ rank: 3, xp: 12, hidden: false });
    expect(board.since).toBeNull();
    // Sam has no XP yet: not ranked, and told so by a null rank.
    const sams = await getLeaderboard(
      db(),
      { actor: sam!, courseId: course.id, period: "all" },
      { now: NOW },
    );
    expect(sams.you).toEqual({ rank: null, xp: 0, hidden: false });
    // Staff see the board without a place of their own, but their XP is still theirs.
    const staffs = await getLeaderboard(
      db(),
      { actor: teacher, courseId: course.id, period: "all" },
      { now: NOW },
    );
    expect(staffs.rows.map((r) => r.displayName)).toEqual(["Adam", "Zoe", "mia"]);
    expect(staffs.you).toEqual({ rank: null, xp: 500, hidden: false });
  });

  it("names a student as their own card does: a linked account's name when they have none of their own", async () => {
    // An actor without a name, as an LMS launch without the name claim: nothing renames her meanwhile.
    const ines: Actor = { platform: "DISCORD", tenant: "", externalId: "NAME1" };
    const course = await seedCourse(db(), "Names 101", [ines]);
    await award(ines, course.id, 9);
    const userId = await userOf(ines);
    await db().user.update({ where: { id: userId }, data: { displayName: null } });
    await db().identity.updateMany({ where: { userId }, data: { displayName: "Ines" } });
    const board = await getLeaderboard(
      db(),
      { actor: ines, courseId: course.id, period: "all" },
      { now: NOW },
    );
    expect(board.rows).toEqual([{ rank: 1, displayName: "Ines", xp: 9, isYou: true }]);
    const card = await getProgress(db(), { actor: ines, courseId: course.id }, { now: NOW });
    expect(card.displayName).toBe("Ines");
  });

  it("tells the viewer their own place below the top ten", async () => {
    const actors = Array.from({ length: 12 }, (_, i) => studentActor(`TOP${i}`));
    const course = await seedCourse(db(), "Crowd 101", actors);
    for (const [i, actor] of actors.entries()) await award(actor, course.id, 100 - i);
    const last = actors[11]!;
    const board = await getLeaderboard(
      db(),
      { actor: last, courseId: course.id, period: "all" },
      { now: NOW },
    );
    expect(board.rows).toHaveLength(10);
    expect(board.rows.some((r) => r.isYou)).toBe(false);
    expect(board.you).toEqual({ rank: 12, xp: 89, hidden: false });
  });

  it("leaves out people who hid themselves and tells a hidden viewer so", async () => {
    const [shy, bold] = [studentActor("H1"), studentActor("H2")];
    const course = await seedCourse(db(), "Hidden 101", [shy, bold]);
    await award(shy, course.id, 50);
    await award(bold, course.id, 10);
    await setLeaderboardHidden(db(), { actor: shy, hidden: true });
    const seen = await getLeaderboard(
      db(),
      { actor: bold, courseId: course.id, period: "all" },
      { now: NOW },
    );
    expect(seen.rows.map((r) => [r.displayName, r.rank])).toEqual([["Student H2", 1]]);
    const own = await getLeaderboard(db(), { actor: shy, courseId: course.id, period: "all" }, { now: NOW });
    expect(own.you).toEqual({ rank: null, xp: 50, hidden: true });
    await setLeaderboardHidden(db(), { actor: shy, hidden: false });
    const back = await getLeaderboard(
      db(),
      { actor: bold, courseId: course.id, period: "all" },
      { now: NOW },
    );
    expect(back.rows.map((r) => r.displayName)).toEqual(["Student H1", "Student H2"]);
  });

  it("counts the week from Monday 00:00 where the viewer lives", async () => {
    const [kiwi, londoner] = [studentActor("W1"), studentActor("W2")];
    const course = await seedCourse(db(), "Week 101", [kiwi, londoner]);
    await db().studySettings.create({ data: { userId: await userOf(kiwi), timeZone: "Pacific/Auckland" } });
    // Sunday 13 December 10:30 UTC is Sunday 23:30 in Auckland: last week there, this week in UTC.
    await award(londoner, course.id, 40, "2026-12-13T10:30:00Z");
    // 11:30 UTC is Monday 00:30 in Auckland.
    await award(kiwi, course.id, 5, "2026-12-13T11:30:00Z");
    await award(kiwi, course.id, 100, "2026-12-06T12:00:00Z");

    const kiwis = await getLeaderboard(
      db(),
      { actor: kiwi, courseId: course.id, period: "week" },
      { now: NOW },
    );
    expect(kiwis.since).toBe("2026-12-14");
    expect(kiwis.rows).toEqual([{ rank: 1, displayName: "Student W1", xp: 5, isYou: true }]);
    const londoners = await getLeaderboard(db(), { actor: londoner, courseId: course.id }, { now: NOW });
    expect(londoners.period).toBe("week");
    expect(londoners.since).toBe("2026-12-07");
    expect(londoners.rows.map((r) => [r.displayName, r.xp])).toEqual([
      ["Student W2", 40],
      ["Student W1", 5],
    ]);
  });

  it("never lists a classmate's XP from another course, nor people of another course", async () => {
    const [both, other] = [studentActor("C1"), studentActor("C2")];
    const course = await seedCourse(db(), "Here 101", [both]);
    const elsewhere = await seedCourse(db(), "There 101", [both, other]);
    await award(both, course.id, 7);
    await award(both, elsewhere.id, 300);
    await award(other, elsewhere.id, 300);
    const board = await getLeaderboard(
      db(),
      { actor: both, courseId: course.id, period: "all" },
      { now: NOW },
    );
    expect(board.rows).toEqual([{ rank: 1, displayName: "Student C1", xp: 7, isYou: true }]);
  });

  it("refuses when staff turned it off, and someone outside the course as not found", async () => {
    const [member, stranger] = [studentActor("D1"), studentActor("D2")];
    const course = await seedCourse(db(), "Quiet 101", [member]);
    await seedCourse(db(), "Other 101", [stranger]);
    await expect(
      getLeaderboard(db(), { actor: stranger, courseId: course.id, period: "all" }, { now: NOW }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      getLeaderboard(db(), { actor: member, courseId: "not-a-uuid", period: "all" }, { now: NOW }),
    ).rejects.toMatchObject({ code: "not_found" });
    await db().course.update({ where: { id: course.id }, data: { leaderboardEnabled: false } });
    await expect(
      getLeaderboard(db(), { actor: member, courseId: course.id, period: "week" }, { now: NOW }),
    ).rejects.toMatchObject({
      code: "forbidden",
      userMessage: expect.stringContaining("turned the leaderboard off"),
    });
  });
});

describe("mondayOf", () => {
  it("finds the Monday of the week in the zone, across a daylight-saving change", () => {
    expect(mondayOf(new Date("2026-12-13T12:00:00Z"), "UTC")).toEqual({
      date: "2026-12-07",
      start: new Date("2026-12-07T00:00:00Z"),
    });
    // Sunday 8 March 2026 in New York is the spring-forward day; its week began on Monday 2 March (EST).
    expect(mondayOf(new Date("2026-03-08T15:00:00Z"), "America/New_York")).toEqual({
      date: "2026-03-02",
      start: new Date("2026-03-02T05:00:00Z"),
    });
    expect(mondayOf(new Date("2026-03-09T04:30:00Z"), "America/New_York").date).toBe("2026-03-09");
  });
});
