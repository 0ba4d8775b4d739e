// The migration that awards XP for what people studied before XP existed: the same points and source
// keys the runtime writes (so the runtime never counts those again), each person's local days, an
// unknown zone read as UTC, and a second run that adds nothing.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { progressActors, seedProgressScene } from "../../../test/support/progress-fixtures.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import type { Database, Prisma } from "../db/open-database.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { localDateOf } from "../time/local-time.ts";
import { awardXp } from "./award-xp.ts";
import { xpFor } from "./xp-rules.ts";

const MIGRATION = path.resolve(
  import.meta.dirname,
  "../../../prisma/migrations/20261214010000_xp_backfill/migration.sql",
);

let database: Database;
let db: Prisma;
let sql: string;

async function backfill() {
  await database.withSession((session) => session.exec(sql));
}

const day = (d: Date) => d.toISOString().slice(0, 10);

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.prisma;
  sql = await readFile(MIGRATION, "utf8");
  const ids = await seedProgressScene(db);
  // Ben's zone is one this server does not know (settings check zones; old rows may not be): UTC.
  await db.studySettings.create({ data: { userId: ids.ben, timeZone: "Mars/Olympus_Mons" } });
  await db.xpEvent.deleteMany();
});
afterAll(() => database?.close());

describe("XP backfill migration", () => {
  it("awards every live answer, card review and practised question-day, with the runtime's points", async () => {
    await backfill();
    const answers = await db.answer.findMany({ where: { user: { anonymous: false } } });
    const reviews = await db.reviewLog.findMany();
    const live = await db.xpEvent.findMany({ where: { kind: "LIVE_ANSWER" } });
    expect(answers.length).toBeGreaterThan(0);
    expect(live.map((e) => e.sourceKey).sort()).toEqual(answers.map((a) => a.id).sort());
    const byId = new Map(answers.map((a) => [a.id, a]));
    for (const e of live) expect(e.points).toBe(xpFor("LIVE_ANSWER", byId.get(e.sourceKey)!.correct));
    const cards = await db.xpEvent.findMany({ where: { kind: "CARD_REVIEW" } });
    expect(cards.map((e) => e.sourceKey).sort()).toEqual(reviews.map((r) => r.id).sort());
    expect(cards.every((e) => e.points === xpFor("CARD_REVIEW", true))).toBe(true);
  });

  it("dates each award in the person's zone, and practice once per question and local day", async () => {
    const ada = (await resolveUser(db, progressActors.ada)).userId;
    const ben = (await resolveUser(db, progressActors.ben)).userId;
    const zoneOf = (userId: string) => (userId === ada ? "America/New_York" : "UTC");
    for (const e of await db.xpEvent.findMany({ where: { kind: { in: ["LIVE_ANSWER", "CARD_REVIEW"] } } })) {
      expect(day(e.localDate), e.sourceKey).toBe(localDateOf(e.occurredAt, zoneOf(e.userId)));
    }
    // Ben's unknown zone was read as UTC rather than failing the migration or skipping him.
    expect(await db.xpEvent.count({ where: { userId: ben } })).toBeGreaterThan(0);
    const practised = await db.practiceAnswer.findMany({
      include: { run: true },
      orderBy: { answeredAt: "asc" },
    });
    expect(practised.length).toBeGreaterThan(0);
    const firstOfDay = new Map<string, (typeof practised)[number]>();
    for (const p of practised) {
      const key = `${p.questionId}:${localDateOf(p.answeredAt, zoneOf(p.run.userId))}`;
      if (!firstOfDay.has(`${p.run.userId}/${key}`)) firstOfDay.set(`${p.run.userId}/${key}`, p);
    }
    const practice = await db.xpEvent.findMany({ where: { kind: "PRACTICE_ANSWER" } });
    expect(practice.map((e) => `${e.userId}/${e.sourceKey}`).sort()).toEqual([...firstOfDay.keys()].sort());
    for (const e of practice) {
      expect(e.points).toBe(xpFor("PRACTICE_ANSWER", firstOfDay.get(`${e.userId}/${e.sourceKey}`)!.correct));
    }
  });

  it("adds nothing when run again, and the runtime's own awards for the same things write nothing", async () => {
    const before = await db.xpEvent.count();
    await backfill();
    expect(await db.xpEvent.count()).toBe(before);
    const [answer] = await db.answer.findMany({ include: { session: true }, take: 1 });
    const [practised] = await db.practiceAnswer.findMany({ include: { run: true }, take: 1 });
    const written = await awardXp(db, [
      {
        userId: answer!.userId,
        courseId: answer!.session.courseId,
        kind: "LIVE_ANSWER",
        sourceKey: answer!.id,
        points: xpFor("LIVE_ANSWER", answer!.correct),
        occurredAt: answer!.answeredAt,
      },
      {
        userId: practised!.run.userId,
        courseId: practised!.run.courseId,
        kind: "PRACTICE_ANSWER",
        sourceKey: practised!.questionId,
        points: xpFor("PRACTICE_ANSWER", practised!.correct),
        occurredAt: practised!.answeredAt,
        perLocalDay: true,
      },
    ]);
    expect(written).toBe(0);
  });
});
