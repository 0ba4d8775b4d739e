import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PROGRESS_NOW,
  type ProgressIds,
  progressActors,
  seedPractice,
  seedProgressScene,
  seedQuiz,
  seedReview,
} from "../../../test/support/progress-fixtures.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import type { Database } from "../db/open-database.ts";
import { getProgress } from "./get-progress.ts";

const { ada, ben, outsider } = progressActors;
let database: Database;
const db = () => database.prisma;
let ids: ProgressIds;

beforeAll(async () => {
  database = await createTestDatabase();
  ids = await seedProgressScene(database.prisma);
});
afterAll(() => database.close());

describe("getProgress", () => {
  it("shows the course's level, the person's streak across courses and 30 days of the course's XP in their time zone", async () => {
    const view = await getProgress(db(), { actor: ada, courseId: ids.bio }, { now: PROGRESS_NOW });
    expect(view).toMatchObject({
      userId: ids.ada,
      displayName: "Student U1",
      course: { id: ids.bio, name: "Biology" },
      timeZone: "America/New_York",
      today: "2027-03-10",
      level: { level: 1, xp: 65, levelStartXp: 0, nextLevelXp: 100 },
      overall: { level: 2, xp: 165, levelStartXp: 100, nextLevelXp: 250 },
      streak: { current: 4, longest: 4, activeToday: true, frozenDates: [] },
    });
    expect(view.last30Days).toHaveLength(30);
    expect(view.last30Days[0]).toEqual({ date: "2027-02-09", xp: 0 });
    expect(view.last30Days.slice(-4)).toEqual([
      { date: "2027-03-07", xp: 0 },
      { date: "2027-03-08", xp: 10 },
      { date: "2027-03-09", xp: 20 },
      { date: "2027-03-10", xp: 5 },
    ]);
  });

  it("reads skills from live answers, practice and reviews in the course, and suggests what to study for the weakest", async () => {
    const view = await getProgress(db(), { actor: ada, courseId: ids.bio }, { now: PROGRESS_NOW });
    expect(view.skills.map((s) => [s.topic, s.attempts])).toEqual([
      ["Cells", 3],
      ["Enzymes", 3],
    ]);
    expect(view.skills[0]?.mastery).toBeGreaterThan(0.6);
    expect(view.skills[1]?.mastery).toBeLessThan(0.4);
    expect(view.skills[0]?.lastAt).toBe("2027-03-10T10:00:00.000Z");
    expect(view.weakest.map((w) => [w.topic, w.suggestion])).toEqual([
      ["Enzymes", { kind: "deck", deckId: expect.any(String), name: "Enzymes", courseId: ids.bio }],
      ["Cells", { kind: "practice", quizId: expect.any(String), title: "Cell basics" }],
    ]);
  });

  it("covers every course the person is still in when no course is named", async () => {
    const view = await getProgress(db(), { actor: ada, courseId: null }, { now: PROGRESS_NOW });
    expect(view.course).toBeNull();
    expect(view.level).toEqual(view.overall);
    expect(view.level.xp).toBe(165);
    expect(view.last30Days.find((d) => d.date === "2027-03-07")?.xp).toBe(100);
    // Acids has one attempt: a skill, too few to be called weak. Art (left) counts for nothing.
    expect(view.skills.map((s) => s.topic).sort()).toEqual(["Acids", "Cells", "Enzymes"]);
    expect(view.weakest.map((w) => w.topic)).toEqual(["Enzymes", "Cells"]);
  });

  it("starts at nothing for someone who has done nothing yet", async () => {
    const view = await getProgress(db(), { actor: outsider, courseId: ids.physics }, { now: PROGRESS_NOW });
    expect(view).toMatchObject({
      timeZone: "UTC",
      today: "2027-03-11",
      level: { level: 1, xp: 0 },
      streak: { current: 0, longest: 0, activeToday: false, freezeAvailable: true },
      skills: [],
      weakest: [],
    });
    expect(view.last30Days.every((d) => d.xp === 0)).toBe(true);
  });

  it("refuses a course the person is not in, or an id that names nothing, as the study tools do", async () => {
    const refusal = {
      code: "not_found",
      userMessage: "That course was not found, or you are not a member of it.",
    };
    await expect(
      getProgress(db(), { actor: ada, courseId: ids.physics }, { now: PROGRESS_NOW }),
    ).rejects.toMatchObject(refusal);
    await expect(
      getProgress(db(), { actor: ada, courseId: ids.art }, { now: PROGRESS_NOW }),
    ).rejects.toMatchObject(refusal);
    await expect(
      getProgress(db(), { actor: ada, courseId: "nope" }, { now: PROGRESS_NOW }),
    ).rejects.toMatchObject(refusal);
  });
});

describe("suggestions", () => {
  it("suggests the person's own deck when the course has neither quiz nor deck, and nothing when nothing fits", async () => {
    const own = await db().deck.create({
      data: {
        courseId: ids.bio,
        kind: "PERSONAL",
        ownerId: ids.ben,
        title: "My mitosis cards",
        topic: "Mitosis",
        cards: { create: [{ courseId: ids.bio, position: 0, front: "Phases?", back: "PMAT" }] },
      },
      include: { cards: true },
    });
    const retired = await seedQuiz(db(), ids.bio, "Genetics", null, "APPROVED", "2027-01-03T00:00:00Z");
    await db().quiz.update({ where: { id: retired.id }, data: { status: "ARCHIVED" } });
    const genes = retired.questions.map((q) => q.id);
    for (const day of ["07", "08", "09"]) {
      await seedReview(
        db(),
        { userId: ids.ben, cardId: own.cards[0]?.id ?? "", courseId: ids.bio },
        1,
        `2027-03-${day}T09:00:00Z`,
      );
      await seedPractice(
        db(),
        ids.ben,
        ids.bio,
        retired.id,
        [[genes[0] ?? "", day === "09"]],
        `2027-03-${day}T10:00:00Z`,
      );
    }
    const view = await getProgress(db(), { actor: ben, courseId: ids.bio }, { now: PROGRESS_NOW });
    expect(view.weakest.map((w) => [w.topic, w.suggestion])).toEqual([
      ["Mitosis", { kind: "deck", deckId: own.id, name: "My mitosis cards", courseId: ids.bio }],
      ["Genetics", null],
      ["Cells", { kind: "practice", quizId: expect.any(String), title: "Cell basics" }],
    ]);
    // Ada sees none of Ben's cards, as suggestions or as skills.
    const adas = await getProgress(db(), { actor: ada, courseId: ids.bio }, { now: PROGRESS_NOW });
    expect(adas.skills.map((s) => s.topic)).not.toContain("Mitosis");
  });
});
