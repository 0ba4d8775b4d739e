// The study tools in a person's export and deletion: their own decks, cards, card states, reviews,
// study settings, practice, guides asked for and writing; a course's decks and prompts stay the course's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCourse, studentActor } from "../../../test/support/course-fixtures.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import { ensureEnrollment } from "../courses/enrollments.ts";
import type { Database, Prisma } from "../db/open-database.ts";
import { silentLogger } from "../logger.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { saveQuiz } from "../quiz/save-quiz.ts";
import { deletePerson } from "./delete-person.ts";
import { exportPerson } from "./export-person.ts";

const logger = silentLogger();
const operator = {
  kind: "operator" as const,
  actor: { platform: "CLI" as const, tenant: "", externalId: "ops" },
};
const zelda = studentActor("U-ZELDA-77");
const tess = studentActor("U-TESS-78");
const T = new Date("2026-11-02T09:00:00Z");

let database: Database;
let db: Prisma;
let courseA: string;
let courseB: string;
let zeldaId: string;
let tessId: string;
let guideId: string;

/** Zelda's study rows in one course: a personal deck and card, its state and a review, a practice run. */
async function seedStudy(courseId: string, label: string) {
  const deck = await db.deck.create({
    data: { courseId, kind: "PERSONAL", ownerId: zeldaId, title: `Zelda's ${label} cards`, origin: "SAVED" },
  });
  const card = await db.card.create({
    data: {
      deckId: deck.id,
      courseId,
      position: 0,
      front: `${label} front`,
      back: `${label} back`,
      tags: [],
    },
  });
  await db.cardState.create({
    data: { userId: zeldaId, cardId: card.id, courseId, due: T, reps: 1, state: 1 },
  });
  await db.reviewLog.create({
    data: {
      userId: zeldaId,
      cardId: card.id,
      courseId,
      rating: 3,
      elapsedDays: 0,
      scheduledDays: 0,
      stateBefore: 0,
      stateAfter: 1,
      stabilityBefore: 0,
      stabilityAfter: 2.3,
      difficultyBefore: 0,
      difficultyAfter: 5,
      dueBefore: T,
      dueAfter: T,
      platform: "DISCORD",
      // Course B's review comes later, so the export's order (by time) is known.
      reviewedAt: new Date(T.getTime() + (label === "B" ? 60_000 : 0)),
    },
  });
  const { quizId } = await saveQuiz(db, {
    courseId,
    title: `${label} quiz`,
    origin: "AUTHORED",
    approved: true,
    questions: [{ kind: "TRUE_FALSE", prompt: `${label}?`, answer: true }],
  });
  const question = await db.question.findFirstOrThrow({ where: { quizId } });
  const run = await db.practiceRun.create({
    data: {
      courseId,
      quizId,
      userId: zeldaId,
      platform: "DISCORD",
      questionIds: [question.id],
      position: 1,
      correctCount: 1,
      credit: 1,
      // Course B's run comes later, so the export's order (by start) is known.
      startedAt: new Date(T.getTime() + (label === "B" ? 60_000 : 0)),
      finishedAt: T,
    },
  });
  await db.practiceAnswer.create({
    data: { runId: run.id, questionId: question.id, choices: [0], correct: true, credit: 1, answeredAt: T },
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.prisma;
  courseA = (await seedCourse(db, "Study A", [zelda])).id;
  courseB = (await seedCourse(db, "Study B", [zelda])).id;
  zeldaId = (await resolveUser(db, zelda)).userId;
  tessId = (await resolveUser(db, tess)).userId;
  await ensureEnrollment(db, { courseId: courseA, userId: tessId, role: "STAFF", source: "MANUAL" });
  await seedStudy(courseA, "A");
  await seedStudy(courseB, "B");
  await db.studySettings.create({
    data: { userId: zeldaId, cardsFromMisses: false, timeZone: "Europe/Paris" },
  });
  await db.deck.create({
    data: {
      courseId: courseA,
      kind: "COURSE",
      title: "Course deck",
      createdById: tessId,
      approvedById: tessId,
    },
  });
  const prompt = await db.writingPrompt.create({
    data: {
      courseId: courseA,
      title: "Explain osmosis",
      prompt: "Explain osmosis.",
      rubric: [],
      createdById: tessId,
      approvedById: tessId,
    },
  });
  await db.writingSubmission.create({
    data: {
      promptId: prompt.id,
      courseId: courseA,
      userId: zeldaId,
      platform: "DISCORD",
      text: "Zelda's essay on osmosis",
      wordCount: 4,
      method: "STRUCTURAL",
      scores: [],
      totalScore: 2,
      maxScore: 4,
      feedback: "Cite the reader.",
      nextStep: "Name the membrane.",
    },
  });
  guideId = (
    await db.studyGuide.create({
      data: {
        courseId: courseA,
        title: "Week 3 guide",
        scope: {},
        scopeKey: "week:3",
        method: "EXTRACTIVE",
        requestedById: zeldaId,
      },
    })
  ).id;
}, 120_000);

afterAll(async () => {
  await database?.close();
});

describe("a person's study tools in their export", () => {
  it("an operator's export holds every course's decks, cards, states, reviews, practice, guides, writing and the settings", async () => {
    const { study } = await exportPerson(
      { requester: operator, person: { userId: zeldaId } },
      { db, logger },
    );
    expect(study.decks.map((d) => [d.title, d.cards.map((c) => c.back)])).toEqual([
      ["Zelda's A cards", ["A back"]],
      ["Zelda's B cards", ["B back"]],
    ]);
    expect(study.cardStates.map((s) => s.card)).toEqual(["A front", "B front"]);
    expect(study.reviews.map((r) => [r.card, r.rating, r.stateAfter])).toEqual([
      ["A front", 3, 1],
      ["B front", 3, 1],
    ]);
    expect(study.settings).toMatchObject({ cardsFromMisses: false, timeZone: "Europe/Paris" });
    expect(study.practiceRuns.map((r) => [r.quiz, r.correct, r.answers.map((a) => a.prompt)])).toEqual([
      ["A quiz", 1, ["A?"]],
      ["B quiz", 1, ["B?"]],
    ]);
    expect(study.studyGuidesRequested.map((g) => g.title)).toEqual(["Week 3 guide"]);
    expect(study.writingSubmissions.map((w) => [w.prompt, w.text, w.nextStep])).toEqual([
      ["Explain osmosis", "Zelda's essay on osmosis", "Name the membrane."],
    ]);
  });

  it("course staff get only their course's study rows and not the person's own settings", async () => {
    const { study } = await exportPerson(
      { requester: { kind: "staff", actor: tess, courseId: courseA }, person: { userId: zeldaId } },
      { db, logger },
    );
    expect(study.decks.map((d) => d.title)).toEqual(["Zelda's A cards"]);
    expect(study.reviews).toHaveLength(1);
    expect(study.practiceRuns.map((r) => r.quiz)).toEqual(["A quiz"]);
    expect(study.settings).toBeNull();
  });

  it("staff's export lists the course decks and writing prompts they made", async () => {
    const { study } = await exportPerson({ requester: operator, person: { userId: tessId } }, { db, logger });
    expect(study.courseDecksCreated.map((d) => d.title)).toEqual(["Course deck"]);
    expect(study.writingPromptsCreated.map((p) => p.title)).toEqual(["Explain osmosis"]);
  });
});

describe("deleting a person removes their study tools", () => {
  it("no study row names the deleted student; the guide they asked for stays the course's", async () => {
    await deletePerson({ requester: operator, person: { userId: zeldaId } }, { db, logger });
    const where = { userId: zeldaId };
    expect({
      decks: await db.deck.count({ where: { ownerId: zeldaId } }),
      cards: await db.card.count({ where: { front: { in: ["A front", "B front"] } } }),
      cardStates: await db.cardState.count({ where }),
      reviews: await db.reviewLog.count({ where }),
      settings: await db.studySettings.count({ where }),
      runs: await db.practiceRun.count({ where }),
      answers: await db.practiceAnswer.count(),
      submissions: await db.writingSubmission.count({ where }),
    }).toEqual({
      decks: 0,
      cards: 0,
      cardStates: 0,
      reviews: 0,
      settings: 0,
      runs: 0,
      answers: 0,
      submissions: 0,
    });
    expect(await db.studyGuide.findUniqueOrThrow({ where: { id: guideId } })).toMatchObject({
      title: "Week 3 guide",
      requestedById: null,
    });
    // Every study table, searched whole: no row mentions her id.
    for (const table of [
      "Deck",
      "Card",
      "CardState",
      "ReviewLog",
      "StudySettings",
      "PracticeRun",
      "PracticeAnswer",
      "StudyGuide",
      "WritingPrompt",
      "WritingSubmission",
    ]) {
      const rows = await db.$queryRawUnsafe<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM "${table}" r WHERE strpos(r::text, $1) > 0`,
        zeldaId,
      );
      expect({ table, rows: rows[0]!.n }).toEqual({ table, rows: 0 });
    }
  });

  it("deleting staff keeps the course deck and writing prompt they made and approved, without them", async () => {
    await deletePerson({ requester: operator, person: { userId: tessId } }, { db, logger });
    expect(await db.deck.findFirstOrThrow({ where: { title: "Course deck" } })).toMatchObject({
      createdById: null,
      approvedById: null,
    });
    expect(await db.writingPrompt.findFirstOrThrow({ where: { title: "Explain osmosis" } })).toMatchObject({
      createdById: null,
      approvedById: null,
    });
  });
});
