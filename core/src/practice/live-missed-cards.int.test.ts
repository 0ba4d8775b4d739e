import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCourse, studentActor } from "../../../test/support/course-fixtures.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import type { Database, Prisma } from "../db/open-database.ts";
import { silentLogger } from "../logger.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { saveQuiz } from "../quiz/save-quiz.ts";
import { cardsFromFinishedLiveQuiz } from "./live-missed-cards.ts";

const logger = silentLogger();
const ENDED = new Date("2026-12-02T15:00:00Z");
const [ana, ben, cy] = [studentActor("U3001"), studentActor("U3002"), studentActor("U3003")];

let database: Database;
let db: Prisma;
let courseId: string;
let quizId: string;
let questionIds: string[];
const users: Record<string, string> = {};

/** A live game of the quiz, `state` as given, with these answers (by player, by question index: credit). */
async function seedGame(state: "FINISHED" | "REVEAL", answers: Record<string, Record<number, number>>) {
  const session = await db.quizSession.create({
    data: {
      courseId,
      quizId,
      platform: "DISCORD",
      tenant: "G1",
      spaceId: "C1",
      hostUserId: users.ana!,
      options: {},
      state,
      questionIndex: 2,
      endedAt: state === "FINISHED" ? ENDED : null,
    },
  });
  for (const [name, byIndex] of Object.entries(answers)) {
    const userId = users[name]!;
    await db.quizPlayer.create({ data: { sessionId: session.id, userId, displayName: name } });
    for (const [index, credit] of Object.entries(byIndex))
      await db.answer.create({
        data: {
          sessionId: session.id,
          questionId: questionIds[Number(index)]!,
          userId,
          choices: [0],
          correct: credit === 1,
          credit,
          latencyMs: 1000,
        },
      });
  }
  return session.id;
}

async function savedCards(name: string) {
  const userId = users[name]!;
  const cards = await db.card.findMany({ where: { deck: { ownerId: userId, courseId, origin: "SAVED" } } });
  const states = await db.cardState.findMany({ where: { userId } });
  return {
    questions: cards.map((c) => c.sourceQuestionId).sort(),
    due: states.map((s) => s.due.toISOString()),
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.prisma;
  courseId = (await seedCourse(db, "Live misses", [ana, ben, cy])).id;
  for (const [name, actor] of Object.entries({ ana, ben, cy }))
    users[name] = (await resolveUser(db, actor)).userId;
  ({ quizId } = await saveQuiz(db, {
    courseId,
    title: "Organelles",
    origin: "AUTHORED",
    approved: true,
    questions: [1, 2, 3, 4].map((n) => ({
      kind: "TRUE_FALSE" as const,
      prompt: `Statement ${n}?`,
      answer: true,
    })),
  }));
  questionIds = (await db.question.findMany({ where: { quizId }, orderBy: { position: "asc" } })).map(
    (q) => q.id,
  );
  // Ben turned missed-question cards off.
  await db.studySettings.create({ data: { userId: users.ben!, cardsFromMisses: false } });
}, 120_000);

afterAll(async () => {
  await database?.close();
});

describe("cards from a finished live quiz", () => {
  it("makes cards, due the day after, of what each player missed; none for a player who turned it off", async () => {
    const sessionId = await seedGame("FINISHED", {
      ana: { 0: 1, 1: 0 }, // missed Q2 and left Q3 unanswered; Q4 was never asked (questionIndex 2)
      ben: { 0: 0, 1: 0, 2: 0 },
      cy: { 0: 1, 1: 1, 2: 1 },
    });
    expect(await cardsFromFinishedLiveQuiz(db, { sessionId }, logger)).toBe(2);
    expect(await savedCards("ana")).toEqual({
      questions: [questionIds[1], questionIds[2]].sort(),
      due: [
        new Date(ENDED.getTime() + 86_400_000).toISOString(),
        new Date(ENDED.getTime() + 86_400_000).toISOString(),
      ],
    });
    expect((await savedCards("ben")).questions).toEqual([]);
    expect((await savedCards("cy")).questions).toEqual([]);
    // Running it again (a retried finish) makes no second card.
    expect(await cardsFromFinishedLiveQuiz(db, { sessionId }, logger)).toBe(0);
    expect((await savedCards("ana")).questions).toHaveLength(2);
  });

  it("does nothing for a game still running or unknown, and never throws", async () => {
    const running = await seedGame("REVEAL", { cy: { 0: 0 } });
    expect(await cardsFromFinishedLiveQuiz(db, { sessionId: running }, logger)).toBe(0);
    expect(await cardsFromFinishedLiveQuiz(db, { sessionId: "not-a-uuid" }, logger)).toBe(0);
    expect((await savedCards("cy")).questions).toEqual([]);
  });
});
