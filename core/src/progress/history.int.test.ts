import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCourse, studentActor } from "../../../test/support/course-fixtures.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import type { Database, Prisma } from "../db/open-database.ts";
import type { Actor } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { saveQuiz } from "../quiz/save-quiz.ts";
import { getHistory } from "./history.ts";

let database: Database;
const db = (): Prisma => database.prisma;
const me = studentActor("HI1");
const rival = studentActor("HI2");
const stranger = studentActor("HI3");
let bio: { id: string };
let chem: { id: string };
let quizId: string;
let chemQuizId: string;
let cardId: string;

const userOf = async (actor: Actor) => (await resolveUser(db(), actor)).userId;

async function game(
  courseId: string,
  quiz: string,
  at: string,
  showRankings: boolean,
  scores: Array<[Actor, number]>,
) {
  const session = await db().quizSession.create({
    data: {
      courseId,
      quizId: quiz,
      platform: "DISCORD",
      tenant: "G1",
      spaceId: "C1",
      hostUserId: await userOf(rival),
      options: { showRankings },
      state: "FINISHED",
    },
  });
  for (const [rank, [actor, score]] of scores.entries())
    await db().quizResult.create({
      data: {
        sessionId: session.id,
        courseId,
        userId: await userOf(actor),
        displayName: actor.displayName ?? "x",
        score,
        accuracy: 0.75,
        correctCount: 3,
        partialCount: 0,
        incorrectCount: 1,
        unanswered: 0,
        bestStreak: 2,
        rank: rank + 1,
        createdAt: new Date(at),
      },
    });
}

async function review(at: string, rating: number) {
  await db().reviewLog.create({
    data: {
      userId: await userOf(me),
      cardId,
      courseId: bio.id,
      rating,
      elapsedDays: 0,
      scheduledDays: 1,
      stateBefore: 0,
      stateAfter: 1,
      stabilityBefore: 0,
      stabilityAfter: 1,
      difficultyBefore: 5,
      difficultyAfter: 5,
      dueBefore: new Date(at),
      dueAfter: new Date(at),
      platform: "DISCORD",
      reviewedAt: new Date(at),
    },
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  bio = await seedCourse(db(), "Biology", [me, rival]);
  chem = await seedCourse(db(), "Chemistry", [me]);
  await seedCourse(db(), "Physics", [stranger]);
  const question = {
    kind: "SINGLE_CHOICE" as const,
    prompt: "Which organelle makes ATP?",
    choices: ["Nucleus", "Mitochondria"],
    correctChoices: [1],
  };
  ({ quizId } = await saveQuiz(db(), {
    courseId: bio.id,
    title: "Cells",
    origin: "AUTHORED",
    approved: true,
    questions: [question],
  }));
  ({ quizId: chemQuizId } = await saveQuiz(db(), {
    courseId: chem.id,
    title: "Bonds",
    origin: "AUTHORED",
    approved: true,
    questions: [question],
  }));
  const deck = await db().deck.create({ data: { courseId: bio.id, kind: "COURSE", title: "Cells deck" } });
  cardId = (
    await db().card.create({
      data: { deckId: deck.id, courseId: bio.id, position: 0, front: "ATP?", back: "Energy" },
    })
  ).id;
  await db().studySettings.create({ data: { userId: await userOf(me), timeZone: "America/New_York" } });

  await game(bio.id, quizId, "2026-12-01T15:00:00Z", true, [
    [rival, 3000],
    [me, 2450],
  ]);
  await game(bio.id, quizId, "2026-12-02T15:00:00Z", false, [
    [me, 900],
    [rival, 100],
  ]);
  await game(chem.id, chemQuizId, "2026-12-03T15:00:00Z", true, [[me, 1200]]);
  const run = (
    courseId: string,
    quiz: string,
    finishedAt: string | null,
    mode: "FULL" | "RETRY_MISSED",
    correct: number,
  ) =>
    userOf(me).then((userId) =>
      db().practiceRun.create({
        data: {
          courseId,
          quizId: quiz,
          userId,
          platform: "DISCORD",
          mode,
          questionIds: Array.from({ length: 10 }, () => crypto.randomUUID()),
          position: 10,
          correctCount: correct,
          finishedAt: finishedAt ? new Date(finishedAt) : null,
        },
      }),
    );
  await run(bio.id, quizId, "2026-12-04T15:00:00Z", "FULL", 7);
  await run(bio.id, quizId, "2026-12-04T16:00:00Z", "RETRY_MISSED", 3);
  await run(bio.id, quizId, null, "FULL", 1);
  // Three reviews on Saturday 5 December in New York, the last one at 23:30 there (04:30 UTC on the 6th),
  // and one on the 6th there.
  await review("2026-12-05T15:00:00Z", 1);
  await review("2026-12-05T16:00:00Z", 3);
  await review("2026-12-06T04:30:00Z", 4);
  await review("2026-12-06T15:00:00Z", 2);
});
afterAll(async () => {
  await database?.close();
});

describe("getHistory", () => {
  it("lists games, finished practice and each local day's reviews, newest first, across the person's courses", async () => {
    const history = await getHistory(db(), { actor: me, courseId: null });
    expect(history.timeZone).toBe("America/New_York");
    expect(history.items).toEqual([
      {
        kind: "review",
        at: "2026-12-06T15:00:00.000Z",
        course: "Biology",
        title: "Flashcard review",
        score: "1 card · 100% remembered",
      },
      {
        kind: "review",
        at: "2026-12-06T04:30:00.000Z",
        course: "Biology",
        title: "Flashcard review",
        score: "3 cards · 67% remembered",
      },
      {
        kind: "practice",
        at: "2026-12-04T16:00:00.000Z",
        course: "Biology",
        title: "Cells (missed questions)",
        score: "3 of 10 right",
      },
      {
        kind: "practice",
        at: "2026-12-04T15:00:00.000Z",
        course: "Biology",
        title: "Cells",
        score: "7 of 10 right",
      },
      {
        kind: "game",
        at: "2026-12-03T15:00:00.000Z",
        course: "Chemistry",
        title: "Bonds",
        score: "1,200 pts · place 1 of 1 · 3 of 4 right",
      },
      // The game that hid rankings keeps the place hidden.
      {
        kind: "game",
        at: "2026-12-02T15:00:00.000Z",
        course: "Biology",
        title: "Cells",
        score: "900 pts · 3 of 4 right",
      },
      {
        kind: "game",
        at: "2026-12-01T15:00:00.000Z",
        course: "Biology",
        title: "Cells",
        score: "2,450 pts · place 2 of 2 · 3 of 4 right",
      },
    ]);
  });

  it("keeps to one course, and to the limit", async () => {
    const chemOnly = await getHistory(db(), { actor: me, courseId: chem.id });
    expect(chemOnly.items.map((i) => i.title)).toEqual(["Bonds"]);
    const latest = await getHistory(db(), { actor: me, courseId: bio.id, limit: 3 });
    expect(latest.items.map((i) => i.kind)).toEqual(["review", "review", "practice"]);
  });

  it("shows nobody else's history, and refuses a course the person is not in as not found", async () => {
    const rivals = await getHistory(db(), { actor: rival, courseId: bio.id });
    expect(rivals.items.map((i) => i.score)).toEqual([
      "100 pts · 3 of 4 right",
      "3,000 pts · place 1 of 2 · 3 of 4 right",
    ]);
    expect((await getHistory(db(), { actor: stranger, courseId: null })).items).toEqual([]);
    await expect(getHistory(db(), { actor: stranger, courseId: bio.id })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(getHistory(db(), { actor: stranger, courseId: "nope" })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
