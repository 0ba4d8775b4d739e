import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCourse, studentActor } from "../../../test/support/course-fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../../../test/support/test-database.ts";
import { ensureEnrollment } from "../courses/enrollments.ts";
import type { Actor } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { addCards } from "./add-cards.ts";
import { createDeck } from "./decks.ts";
import { ratingIntervals, reviewCard } from "./review-cards.ts";
import { dueCounts, nextDueCard } from "./review-queue.ts";

const teacher: Actor = { platform: "SLACK", tenant: "T1", externalId: "UT", displayName: "Tess" };
const ana = studentActor("U1", "T1");
const ben = studentActor("U2", "T1");
const T0 = new Date("2027-01-11T15:00:00Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
const days = (n: number) => new Date(T0.getTime() + n * 86_400_000);
let database: TestDatabase;
let courseId: string;
const db = () => database.prisma;

beforeAll(async () => {
  database = await createTestDatabase();
  const course = await seedCourse(db(), "Biology", [teacher], "STAFF");
  courseId = course.id;
  for (const a of [ana, ben]) {
    const { userId } = await resolveUser(db(), a);
    await ensureEnrollment(db(), { courseId, userId, role: "STUDENT", source: "MANUAL" });
  }
  const deck = await createDeck(db(), { actor: teacher, courseId, title: "Cells", kind: "COURSE" });
  await db().$transaction((tx) =>
    addCards(tx, {
      deckId: deck.id,
      courseId,
      cards: Array.from({ length: 25 }, (_, i) => ({ front: `Term ${i + 1}`, back: `Meaning ${i + 1}` })),
    }),
  );
});
afterAll(() => database.close());

describe("reviewing cards", () => {
  it("introduces the day's new cards up to the limit, in deck order, and not again the same day", async () => {
    const first = await nextDueCard(db(), { actor: ana, courseId, now: T0 });
    expect(first?.front).toBe("Term 1");
    expect(first?.reps).toBe(0);
    const { userId } = await resolveUser(db(), ana);
    expect(await db().cardState.count({ where: { userId } })).toBe(20);
    expect(await dueCounts(db(), { actor: ana, courseId, now: T0 })).toEqual({ dueNow: 20, dueToday: 20 });
    // Every card reviewed (nothing due until next week): no more new cards the same day.
    await db().cardState.updateMany({ where: { userId }, data: { due: days(7) } });
    expect(await nextDueCard(db(), { actor: ana, courseId, now: minutes(60) })).toBeNull();
    expect(await db().cardState.count({ where: { userId } })).toBe(20);
    await db().cardState.updateMany({ where: { userId }, data: { due: T0 } });
  });

  it("schedules Good days ahead and Again minutes ahead, and logs each review", async () => {
    const card = await nextDueCard(db(), { actor: ana, courseId, now: T0 });
    if (!card) throw new Error("no card");
    const intervals = await ratingIntervals(db(), { actor: ana, cardId: card.cardId, now: T0 });
    expect(intervals[1]).toMatch(/m$/);
    const again = await reviewCard(db(), { actor: ana, cardId: card.cardId, reps: 0, rating: 1, now: T0 });
    expect(again.counted).toBe(true);
    expect(again.interval).toBe(intervals[1]);
    expect(again.due!.getTime() - T0.getTime()).toBeLessThan(15 * 60_000);
    let reps = 1;
    let now = minutes(10);
    let last = again;
    for (let i = 0; i < 3; i++) {
      last = await reviewCard(db(), { actor: ana, cardId: card.cardId, reps, rating: 3, now });
      expect(last.counted).toBe(true);
      reps++;
      now = last.due ?? now;
    }
    expect(last.due!.getTime() - T0.getTime()).toBeGreaterThan(86_400_000);
    const { userId } = await resolveUser(db(), ana);
    const logs = await db().reviewLog.findMany({
      where: { userId, cardId: card.cardId },
      orderBy: { reviewedAt: "asc" },
    });
    expect(logs.map((l) => l.rating)).toEqual([1, 3, 3, 3]);
    expect(logs[0]).toMatchObject({ stateBefore: 0, elapsedDays: 0, platform: "DISCORD" });
    expect(logs.at(-1)?.stateAfter).toBe(2);
  });

  it("counts the same click twice, or from two windows, once", async () => {
    const card = await nextDueCard(db(), { actor: ben, courseId, now: T0 });
    if (!card) throw new Error("no card");
    const click = () =>
      reviewCard(db(), { actor: ben, cardId: card.cardId, reps: card.reps, rating: 3, now: T0 });
    const first = await click();
    const second = await click();
    expect([first.counted, second.counted]).toEqual([true, false]);
    const { userId } = await resolveUser(db(), ben);
    expect(await db().reviewLog.count({ where: { userId, cardId: card.cardId } })).toBe(1);
  });

  it("counts two windows rating the same draw at the same moment once", async () => {
    const card = await nextDueCard(db(), { actor: ben, courseId, now: T0 });
    if (!card) throw new Error("no card");
    const click = (rating: 1 | 3) =>
      reviewCard(db(), { actor: ben, cardId: card.cardId, reps: card.reps, rating, now: T0 });
    const outcomes = await Promise.all([click(3), click(1)]);
    expect(outcomes.filter((o) => o.counted)).toHaveLength(1);
    const { userId } = await resolveUser(db(), ben);
    expect(await db().reviewLog.count({ where: { userId, cardId: card.cardId } })).toBe(1);
    const state = await db().cardState.findUnique({
      where: { userId_cardId: { userId, cardId: card.cardId } },
    });
    expect(state?.reps).toBe(card.reps + 1);
  });

  it("serves due reviews before new cards, and the next day's new cards once nothing is due", async () => {
    const { userId } = await resolveUser(db(), ana);
    const tomorrow = days(1);
    const due = await nextDueCard(db(), { actor: ana, courseId, now: tomorrow });
    expect(due?.reps).toBeGreaterThanOrEqual(0);
    expect(await db().cardState.count({ where: { userId } })).toBe(20);
    // Every review done: nothing due until next week.
    await db().cardState.updateMany({ where: { userId }, data: { due: days(7) } });
    const next = await nextDueCard(db(), { actor: ana, courseId, now: tomorrow });
    expect(next?.front).toBe("Term 21");
    expect(await db().cardState.count({ where: { userId } })).toBe(25);
    expect(await dueCounts(db(), { actor: ana, courseId: null, now: tomorrow })).toEqual({
      dueNow: 5,
      dueToday: 5,
    });
  });
});
