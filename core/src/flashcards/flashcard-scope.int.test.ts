// Decks and cards stay inside their course and their owner; saving answers and questions makes one card
// each; missed questions become cards due the next day unless turned off; the optimizer needs enough
// reviews; settings are checked.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { studentActor } from "../../../test/support/course-fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../../../test/support/test-database.ts";
import { createCourse } from "../courses/create-course.ts";
import { ensureEnrollment } from "../courses/enrollments.ts";
import type { Actor } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { saveQuiz } from "../quiz/save-quiz.ts";
import { addCard, addCards } from "./add-cards.ts";
import { cardsFromMissedQuestions } from "./cards-from-missed-questions.ts";
import { approveDeck, discardDeck } from "./deck-approval.ts";
import { createDeck, findDeck, listDecks } from "./decks.ts";
import { loadBindingOptimizer, optimizeParameters } from "./optimize-parameters.ts";
import { reviewCard } from "./review-cards.ts";
import { findCardForReview, nextDueCard } from "./review-queue.ts";
import { saveAnswerAsCard, saveQuestionAsCard } from "./save-as-card.ts";
import { updateStudySettings } from "./study-settings.ts";

const teacher: Actor = { platform: "SLACK", tenant: "T1", externalId: "UT", displayName: "Tess" };
const ana = studentActor("U1", "T1");
const ben = studentActor("U2", "T1");
const cy = studentActor("U3", "T1"); // only in the other course
const NOW = new Date("2027-02-01T12:00:00Z");
let database: TestDatabase;
let bio: string;
let chem: string;
let questionIds: string[];
let quizId: string;
const db = () => database.prisma;
const userOf = async (a: Actor) => (await resolveUser(db(), a)).userId;

beforeAll(async () => {
  database = await createTestDatabase();
  bio = (await createCourse(db(), { name: "Biology" })).id;
  chem = (await createCourse(db(), { name: "Chemistry" })).id;
  const enrol = async (courseId: string, a: Actor, role: "STAFF" | "STUDENT") =>
    ensureEnrollment(db(), { courseId, userId: await userOf(a), role, source: "MANUAL" });
  await enrol(bio, teacher, "STAFF");
  await enrol(bio, ana, "STUDENT");
  await enrol(bio, ben, "STUDENT");
  await enrol(chem, cy, "STUDENT");
  ({ quizId } = await saveQuiz(db(), {
    courseId: bio,
    title: "Cells",
    origin: "AUTHORED",
    approved: true,
    questions: [
      {
        kind: "SINGLE_CHOICE",
        prompt: "Which makes ATP?",
        choices: ["Nucleus", "Mitochondria"],
        correctChoices: [1],
        explanation: "Respiration.",
      },
      { kind: "SHORT_TEXT", prompt: "Basic unit of life?", acceptedAnswers: ["cell"] },
    ],
  }));
  questionIds = (await db().question.findMany({ where: { quizId }, orderBy: { position: "asc" } })).map(
    (q) => q.id,
  );
});
afterAll(() => database.close());

describe("who sees which deck and card", () => {
  it("keeps drafts from students, personal decks from classmates, and every deck from other courses", async () => {
    const draft = await db().deck.create({
      data: { courseId: bio, kind: "COURSE", title: "Draft deck", status: "DRAFT", origin: "GENERATED" },
    });
    const mine = await createDeck(db(), { actor: ana, courseId: bio, title: "Ana's", kind: "PERSONAL" });
    expect((await listDecks(db(), { actor: teacher, courseId: bio })).map((d) => d.title)).toEqual([
      "Draft deck",
    ]);
    expect((await listDecks(db(), { actor: ana, courseId: bio })).map((d) => [d.title, d.mine])).toEqual([
      ["Ana's", true],
    ]);
    expect(await findDeck(db(), { actor: ana, courseId: bio, deck: "ana's" })).toMatchObject({ id: mine.id });
    expect(await findDeck(db(), { actor: ana, courseId: bio, deck: "1" })).toMatchObject({ id: mine.id });
    for (const [actor, courseId, deck] of [
      [ben, bio, mine.id],
      [ana, bio, draft.id],
    ] as const)
      await expect(findDeck(db(), { actor, courseId, deck })).rejects.toMatchObject({ code: "not_found" });
    await expect(findDeck(db(), { actor: cy, courseId: bio, deck: mine.id })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(findDeck(db(), { actor: cy, courseId: chem, deck: mine.id })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(approveDeck(db(), { actor: cy, deckId: draft.id })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(approveDeck(db(), { actor: ana, deckId: draft.id })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(approveDeck(db(), { actor: teacher, deckId: draft.id })).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(
      createDeck(db(), { actor: ana, courseId: bio, title: "X", kind: "COURSE" }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
  });

  it("refuses a card over the limit with the limit named, writing nothing", async () => {
    const before = await db().card.count();
    await expect(
      addCard(db(), { actor: ana, courseId: bio, card: { front: "Q", back: "b".repeat(2310) } }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      userMessage: expect.stringContaining("at most 1,500 characters"),
    });
    expect(await db().card.count()).toBe(before);
  });

  it("does not let one student review or open another's card", async () => {
    const { cardId } = await addCard(db(), {
      actor: ana,
      courseId: bio,
      card: { front: "Ana Q", back: "Ana A" },
    });
    expect((await nextDueCard(db(), { actor: ana, courseId: bio, now: NOW }))?.front).toBe("Ana Q");
    expect(await nextDueCard(db(), { actor: ben, courseId: bio, now: NOW })).toBeNull();
    await expect(findCardForReview(db(), { actor: ben, cardId })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(reviewCard(db(), { actor: cy, cardId, reps: 0, rating: 3, now: NOW })).rejects.toMatchObject(
      {
        code: "not_found",
      },
    );
    expect(await db().reviewLog.count()).toBe(0);
  });
});

describe("approving and discarding a course deck", () => {
  it("shows an approved deck to students, and an archived one leaves their queue but keeps the log", async () => {
    const draft = await db().deck.create({
      data: { courseId: bio, kind: "COURSE", title: "Organelles", status: "DRAFT", origin: "GENERATED" },
    });
    await db().$transaction((tx) =>
      addCards(tx, {
        deckId: draft.id,
        courseId: bio,
        cards: [{ front: "Ribosome", back: "Makes proteins" }],
      }),
    );
    expect(await approveDeck(db(), { actor: teacher, deckId: draft.id })).toMatchObject({
      status: "APPROVED",
      cardCount: 1,
    });
    expect((await listDecks(db(), { actor: ben, courseId: bio })).map((d) => d.title)).toContain(
      "Organelles",
    );
    const card = await nextDueCard(db(), { actor: ben, courseId: bio, now: NOW });
    expect(card?.front).toBe("Ribosome");
    await reviewCard(db(), { actor: ben, cardId: card!.cardId, reps: 0, rating: 3, now: NOW });
    await discardDeck(db(), { actor: teacher, deckId: draft.id });
    expect((await listDecks(db(), { actor: ben, courseId: bio })).map((d) => d.title)).not.toContain(
      "Organelles",
    );
    await expect(findCardForReview(db(), { actor: ben, cardId: card!.cardId })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await db().reviewLog.count({ where: { cardId: card!.cardId } })).toBe(1);
    expect(await db().auditEntry.count({ where: { targetId: draft.id } })).toBe(2);
    await db().reviewLog.deleteMany({ where: { cardId: card!.cardId } });
  });
});

describe("cards from answers, questions and misses", () => {
  it("saves a tutor answer once, and only for the person it was given to", async () => {
    const conversation = await db().conversation.create({
      data: { userId: await userOf(ana), courseId: bio, platform: "DISCORD", threadKey: "dm" },
    });
    await db().message.create({
      data: {
        conversationId: conversation.id,
        role: "USER",
        content: "What makes ATP?",
        createdAt: new Date(NOW.getTime() - 1000),
      },
    });
    const answer = await db().message.create({
      data: {
        conversationId: conversation.id,
        role: "ASSISTANT",
        content: "Mitochondria [1].",
        citations: [{ chunkId: null, materialId: null, title: "Cell Biology", anchor: "p. 4" }],
        createdAt: NOW,
      },
    });
    const first = await saveAnswerAsCard(db(), { actor: ana, messageId: answer.id });
    const again = await saveAnswerAsCard(db(), { actor: ana, messageId: answer.id });
    expect([first.created, again.created, again.cardId]).toEqual([true, false, first.cardId]);
    expect(await db().card.findUnique({ where: { id: first.cardId } })).toMatchObject({
      front: "What makes ATP?",
      back: "Mitochondria [1].",
      sourceTitle: "Cell Biology",
    });
    await expect(saveAnswerAsCard(db(), { actor: ben, messageId: answer.id })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("saves a quiz question once its answer was shown, once", async () => {
    const [q0] = questionIds;
    await expect(saveQuestionAsCard(db(), { actor: ben, questionId: q0! })).rejects.toMatchObject({
      code: "not_found",
    });
    await db().quizSession.create({
      data: {
        courseId: bio,
        quizId,
        platform: "SLACK",
        tenant: "T1",
        spaceId: "C1",
        hostUserId: await userOf(teacher),
        options: {},
        state: "REVEAL",
        questionIndex: 0,
      },
    });
    const first = await saveQuestionAsCard(db(), { actor: ben, questionId: q0! });
    const again = await saveQuestionAsCard(db(), { actor: ben, questionId: q0! });
    expect([first.created, again.created, again.cardId, first.courseId]).toEqual([
      true,
      false,
      first.cardId,
      bio,
    ]);
    await expect(saveQuestionAsCard(db(), { actor: ben, questionId: questionIds[1]! })).rejects.toMatchObject(
      {
        code: "not_found",
      },
    );
    await expect(saveQuestionAsCard(db(), { actor: cy, questionId: q0! })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("turns missed questions into cards due the next day, and none when turned off", async () => {
    const ben_ = await userOf(ben);
    const made = await db().$transaction((tx) =>
      cardsFromMissedQuestions(tx, { userId: ben_, courseId: bio, questionIds, now: NOW }),
    );
    expect(made).toBe(1); // the first question was already saved as a card
    const states = await db().cardState.findMany({ where: { userId: ben_ }, include: { card: true } });
    expect(states.map((s) => [s.card.front.split("\n")[0], s.due.toISOString()]).sort()).toEqual([
      ["Basic unit of life?", "2027-02-02T12:00:00.000Z"],
      ["Which makes ATP?", "2027-02-02T12:00:00.000Z"],
    ]);
    await updateStudySettings(db(), { actor: ana, changes: { cardsFromMisses: false } });
    const ana_ = await userOf(ana);
    const none = await db().$transaction((tx) =>
      cardsFromMissedQuestions(tx, { userId: ana_, courseId: bio, questionIds, now: NOW }),
    );
    expect(none).toBe(0);
    expect(
      await db().card.count({ where: { sourceQuestionId: { in: questionIds }, deck: { ownerId: ana_ } } }),
    ).toBe(0);
  });
});

describe("settings and the optimizer", () => {
  it("refuses a time zone that does not exist and out-of-range numbers, naming the range", async () => {
    await expect(
      updateStudySettings(db(), { actor: ana, changes: { timeZone: "Mars/Olympus" } }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      userMessage: expect.stringContaining("time zone"),
    });
    await expect(
      updateStudySettings(db(), { actor: ana, changes: { newCardsPerDay: 500 } }),
    ).rejects.toMatchObject({
      userMessage: "New cards per day is 0 to 200.",
    });
    const saved = await updateStudySettings(
      db(),
      { actor: ana, changes: { timeZone: "America/Chicago", nudge: { hour: 18 } } },
      { now: NOW },
    );
    expect(saved).toMatchObject({ timeZone: "America/Chicago", nudge: { hour: 18 } });
    expect(await db().scheduledJob.count({ where: { queue: "study.nudge" } })).toBe(1);
  });

  it("keeps the defaults with too few reviews, and stores fitted weights with enough", async () => {
    const userId = await userOf(ben);
    const few = await optimizeParameters(db(), { userId, now: NOW });
    expect(few).toMatchObject({
      optimized: false,
      reviews: 0,
      reason: expect.stringContaining("Not enough reviews"),
    });
    const deck = await createDeck(db(), { actor: ben, courseId: bio, title: "Ben's", kind: "PERSONAL" });
    await db().card.createMany({
      data: Array.from({ length: 100 }, (_, i) => ({
        deckId: deck.id,
        courseId: bio,
        position: i,
        front: `F${i}`,
        back: `B${i}`,
      })),
    });
    const cards = await db().card.findMany({ where: { deckId: deck.id }, select: { id: true } });
    // 100 cards × 4 reviews (the threshold, 400), a few days apart, mostly Good: a plausible learner.
    const rows = [];
    const gaps = [0, 1, 3, 8];
    for (const [c, card] of cards.entries()) {
      let t = NOW.getTime();
      for (const [r, gap] of gaps.entries()) {
        t += gap * 86_400_000;
        const rating = (c + r) % 7 === 0 ? 1 : (c + r) % 5 === 0 ? 2 : 3;
        rows.push({
          userId,
          cardId: card.id,
          courseId: bio,
          rating,
          elapsedDays: gap,
          scheduledDays: gaps[r + 1] ?? 20,
          stateBefore: r === 0 ? 0 : 2,
          stateAfter: 2,
          stabilityBefore: 1,
          stabilityAfter: 1,
          difficultyBefore: 5,
          difficultyAfter: 5,
          dueBefore: new Date(t),
          dueAfter: new Date(t),
          platform: "DISCORD" as const,
          reviewedAt: new Date(t + c),
        });
      }
    }
    await db().reviewLog.createMany({ data: rows });
    // A short bound: the binding sometimes holds a finished fit until its timeout runs out.
    const optimizer = await loadBindingOptimizer({ timeoutMs: 1_000 });
    const fit = await optimizeParameters(db(), { userId, now: NOW }, { optimizer });
    expect(fit).toMatchObject({ optimized: true, reviews: 400 });
    const settings = await db().studySettings.findUnique({ where: { userId } });
    expect(settings?.fsrsParameters).toHaveLength(21);
    expect(settings?.fsrsParametersReviews).toBe(400);
    const unloadable = await optimizeParameters(db(), { userId, now: NOW }, { optimizer: null });
    expect(unloadable).toMatchObject({
      optimized: false,
      reason: expect.stringContaining("could not be loaded"),
    });
  });
  it("runs the native optimizer in a child process, so input it cannot handle fails that fit, not the server", async () => {
    const optimizer = await loadBindingOptimizer({ timeoutMs: 1_000 });
    expect(optimizer).not.toBeNull();
    // Every review on one day: fsrs-rs aborts its process on this training set.
    const sameDay = Array.from({ length: 50 }, () => ({
      reviews: [
        { rating: 3, deltaT: 0 },
        { rating: 3, deltaT: 0 },
      ],
    }));
    await expect(optimizer?.(sameDay)).rejects.toThrow(/FSRS optimizer/);
    const userId = await userOf(ben);
    const kept = await optimizeParameters(
      db(),
      { userId, now: NOW },
      {
        optimizer: async () => {
          throw new Error("aborted");
        },
      },
    );
    expect(kept).toMatchObject({ optimized: false, reason: expect.stringContaining("failed (aborted)") });
  });
});
