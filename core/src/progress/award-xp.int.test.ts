// The XP ledger: one row per source however often it is awarded, the person's local day as it was
// then (time zones, daylight-saving change days), nothing for anonymous stand-ins, and a person's XP
// in their export and gone with them or with the course.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCourse, studentActor } from "../../../test/support/course-fixtures.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import type { Database, Prisma } from "../db/open-database.ts";
import { updateStudySettings } from "../flashcards/study-settings.ts";
import { mergeUsers } from "../links/merge-users.ts";
import { silentLogger } from "../logger.ts";
import type { Actor } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { deleteCourse } from "../privacy/delete-course.ts";
import { deletePerson } from "../privacy/delete-person.ts";
import { exportPerson } from "../privacy/export-person.ts";
import { awardXp, type XpAward } from "./award-xp.ts";

const logger = silentLogger();
const operator = {
  kind: "operator" as const,
  actor: { platform: "CLI" as const, tenant: "", externalId: "ops" },
};
const uma = studentActor("U-XPL-UTC");
const taro = studentActor("U-XPL-TOKYO");
const nora = studentActor("U-XPL-NY");
const zed = studentActor("U-XPL-ZED");

let database: Database;
let db: Prisma;
let courseA: { id: string; slug: string };
let courseB: { id: string; slug: string };
const ids: Record<string, string> = {};

function award(userId: string, sourceKey: string, occurredAt: string, extra: Partial<XpAward> = {}): XpAward {
  return {
    userId,
    courseId: courseA.id,
    kind: "CARD_REVIEW",
    sourceKey,
    points: 2,
    occurredAt: new Date(occurredAt),
    ...extra,
  };
}
async function storedDays(userId: string): Promise<Record<string, string>> {
  const rows = await db.xpEvent.findMany({ where: { userId } });
  return Object.fromEntries(rows.map((r) => [r.sourceKey, r.localDate.toISOString().slice(0, 10)]));
}
async function setZone(actor: Actor, timeZone: string) {
  await updateStudySettings(db, { actor, changes: { timeZone } }, { now: new Date("2026-10-01T00:00:00Z") });
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.prisma;
  courseA = await seedCourse(db, "Ledger A", [uma, taro, nora, zed]);
  courseB = await seedCourse(db, "Ledger B", [zed]);
  for (const [name, actor] of Object.entries({ uma, taro, nora, zed }))
    ids[name] = (await resolveUser(db, actor)).userId;
  await setZone(taro, "Asia/Tokyo");
  await setZone(nora, "America/New_York");
}, 120_000);

afterAll(async () => {
  await database?.close();
});

describe("awardXp", () => {
  it("writes each source once: a retry, or the same source twice in one batch, writes nothing", async () => {
    const first = award(ids.uma!, "review-1", "2026-12-01T10:00:00Z");
    expect(await awardXp(db, [first, { ...first }])).toBe(1);
    expect(await awardXp(db, [first])).toBe(0);
    // Inside a transaction too (how every hook calls it), with a different kind of the same key.
    const written = await db.$transaction((tx) =>
      awardXp(tx, [first, { ...first, kind: "GUIDE_READ", points: 10 }]),
    );
    expect(written).toBe(1);
    const rows = await db.xpEvent.findMany({ where: { userId: ids.uma }, orderBy: { kind: "asc" } });
    expect(rows.map((r) => [r.kind, r.sourceKey, r.points, r.courseId])).toEqual([
      ["CARD_REVIEW", "review-1", 2, courseA.id],
      ["GUIDE_READ", "review-1", 10, courseA.id],
    ]);
    expect(rows[0]!.occurredAt.toISOString()).toBe("2026-12-01T10:00:00.000Z");
    expect(await awardXp(db, [])).toBe(0);
  });

  it("dates an award in the person's own zone: UTC without settings, 23:30 UTC is tomorrow in Tokyo", async () => {
    await awardXp(db, [
      award(ids.uma!, "late-utc", "2026-12-01T23:30:00Z"),
      award(ids.taro!, "late-tokyo", "2026-12-01T23:30:00Z"),
      award(ids.taro!, "early-tokyo", "2026-12-01T14:59:00Z"),
    ]);
    expect((await storedDays(ids.uma!))["late-utc"]).toBe("2026-12-01");
    expect(await storedDays(ids.taro!)).toEqual({ "late-tokyo": "2026-12-02", "early-tokyo": "2026-12-01" });
  });

  it("follows New York's clocks across both daylight-saving change days", async () => {
    await awardXp(db, [
      // 1 November 2026, clocks go back at 2 am: midnight is 04:00 UTC, the next midnight 05:00 UTC.
      award(ids.nora!, "fall-before", "2026-11-01T03:30:00Z"),
      award(ids.nora!, "fall-start", "2026-11-01T04:30:00Z"),
      award(ids.nora!, "fall-end", "2026-11-02T04:30:00Z"),
      award(ids.nora!, "fall-next", "2026-11-02T05:30:00Z"),
      // 14 March 2027, clocks go forward: midnight is 05:00 UTC, the next midnight 04:00 UTC.
      award(ids.nora!, "spring-before", "2027-03-14T04:30:00Z"),
      award(ids.nora!, "spring-end", "2027-03-15T03:30:00Z"),
      award(ids.nora!, "spring-next", "2027-03-15T04:30:00Z"),
    ]);
    expect(await storedDays(ids.nora!)).toEqual({
      "fall-before": "2026-10-31",
      "fall-start": "2026-11-01",
      "fall-end": "2026-11-01",
      "fall-next": "2026-11-02",
      "spring-before": "2027-03-13",
      "spring-end": "2027-03-14",
      "spring-next": "2027-03-15",
    });
  });

  it("earns once per local day with perLocalDay, and a later change of zone rewrites no stored day", async () => {
    const practice = (at: string) =>
      award(ids.taro!, "question-1", at, { kind: "PRACTICE_ANSWER", perLocalDay: true });
    // 16:00 UTC and 23:00 UTC on 2 December are both 3 December in Tokyo.
    expect(await awardXp(db, [practice("2026-12-02T16:00:00Z")])).toBe(1);
    expect(await awardXp(db, [practice("2026-12-02T23:00:00Z")])).toBe(0);
    await setZone(taro, "America/Los_Angeles");
    // In Los Angeles 23:00 UTC on 2 December is still 2 December: a day of its own now.
    expect(await awardXp(db, [practice("2026-12-02T23:00:00Z")])).toBe(1);
    const days = await storedDays(ids.taro!);
    expect(days).toMatchObject({
      "late-tokyo": "2026-12-02",
      "early-tokyo": "2026-12-01",
      "question-1:2026-12-03": "2026-12-03",
      "question-1:2026-12-02": "2026-12-02",
    });
    await setZone(taro, "Asia/Tokyo");
  });

  it("gives an anonymous stand-in nothing, and a batch with one still writes everyone else's", async () => {
    const standIn = await db.user.create({ data: { displayName: "Deleted student", anonymous: true } });
    expect(await awardXp(db, [award(standIn.id, "answer-x", "2026-12-01T10:00:00Z")])).toBe(0);
    expect(
      await awardXp(db, [
        award(standIn.id, "answer-y", "2026-12-01T10:00:00Z"),
        award(ids.uma!, "answer-y", "2026-12-01T10:00:00Z"),
      ]),
    ).toBe(1);
    expect(await db.xpEvent.count({ where: { userId: standIn.id } })).toBe(0);
  });

  it("refuses points that are not a whole number of XP", async () => {
    await expect(
      awardXp(db, [award(ids.uma!, "bad", "2026-12-01T10:00:00Z", { points: 2.5 })]),
    ).rejects.toThrow(/whole number/);
  });
});

describe("linking a second account", () => {
  it("moves its XP with its stored days, and a source both accounts earned counts once", async () => {
    const kim = (await resolveUser(db, studentActor("U-XPL-KIM"))).userId;
    const kimToo = (await resolveUser(db, studentActor("U-XPL-KIM-2"))).userId;
    const guide = { kind: "GUIDE_READ" as const, points: 10 };
    await awardXp(db, [
      award(kim, "guide-1", "2026-12-01T10:00:00Z", guide),
      award(kimToo, "guide-1", "2026-12-03T10:00:00Z", guide),
      award(kimToo, "review-9", "2026-12-04T23:30:00Z"),
    ]);
    await db.$transaction((tx) => mergeUsers(tx, kimToo, kim));
    const rows = await db.xpEvent.findMany({ where: { userId: kim }, orderBy: { occurredAt: "asc" } });
    expect(rows.map((r) => [r.kind, r.sourceKey, r.occurredAt.toISOString().slice(0, 10)])).toEqual([
      ["GUIDE_READ", "guide-1", "2026-12-01"],
      ["CARD_REVIEW", "review-9", "2026-12-04"],
    ]);
  });
});

describe("a person's XP and privacy", () => {
  beforeAll(async () => {
    await awardXp(db, [
      award(ids.zed!, "zed-a", "2026-12-01T10:00:00Z", { kind: "GUIDE_READ", points: 10 }),
      award(ids.zed!, "zed-b", "2026-12-02T10:00:00Z", { courseId: courseB.id }),
      award(ids.uma!, "uma-b", "2026-12-02T10:00:00Z", { courseId: courseB.id }),
    ]);
  });

  it("is in their export, oldest first, with its course, kind, points and local day", async () => {
    const { study } = await exportPerson(
      { requester: operator, person: { userId: ids.zed! } },
      { db, logger },
    );
    expect(study.xpEvents).toEqual([
      {
        course: courseA.slug,
        kind: "GUIDE_READ",
        points: 10,
        occurredAt: "2026-12-01T10:00:00.000Z",
        localDate: "2026-12-01",
      },
      {
        course: courseB.slug,
        kind: "CARD_REVIEW",
        points: 2,
        occurredAt: "2026-12-02T10:00:00.000Z",
        localDate: "2026-12-02",
      },
    ]);
  });

  it("goes with the course: deleting course B removes its XP and keeps course A's", async () => {
    await deleteCourse({ requester: operator, course: courseB.id }, { db, logger });
    expect(await db.xpEvent.count({ where: { courseId: courseB.id } })).toBe(0);
    expect(await db.xpEvent.count({ where: { userId: ids.zed, courseId: courseA.id } })).toBe(1);
    expect(await db.xpEvent.count({ where: { userId: ids.uma, courseId: courseA.id } })).toBeGreaterThan(0);
  });

  it("goes with the person: deleting them leaves no XP of theirs and takes nobody else's", async () => {
    const others = await db.xpEvent.count({ where: { userId: { not: ids.zed } } });
    await deletePerson({ requester: operator, person: { userId: ids.zed! } }, { db, logger });
    expect(await db.xpEvent.count({ where: { userId: ids.zed } })).toBe(0);
    expect(await db.xpEvent.count()).toBe(others);
  });
});
