// Where XP is earned: each source writes its award in the transaction that stores it, once per source
// (a retry, a second window or a second scoring earns nothing), in the person's local day.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCourse, studentActor } from "../../../test/support/course-fixtures.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import { createAi } from "../ai/create-ai.ts";
import { ensureEnrollment } from "../courses/enrollments.ts";
import type { Database, Prisma } from "../db/open-database.ts";
import { createStudyHallDeps, type StudyHallDeps } from "../deps.ts";
import { addCards } from "../flashcards/add-cards.ts";
import { createDeck } from "../flashcards/decks.ts";
import { reviewCard } from "../flashcards/review-cards.ts";
import { nextDueCard } from "../flashcards/review-queue.ts";
import { updateStudySettings } from "../flashcards/study-settings.ts";
import { completeIdentityLink, startIdentityLink } from "../links/link-identity.ts";
import { silentLogger } from "../logger.ts";
import type { Actor } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { answerPractice } from "../practice/answer-practice.ts";
import { startPractice } from "../practice/start-practice.ts";
import { deletePerson } from "../privacy/delete-person.ts";
import { joinLiveQuiz } from "../quiz/live/join-live-quiz.ts";
import { withLockedSession } from "../quiz/live/live-session.ts";
import { applyTransition } from "../quiz/live/quiz-transitions.ts";
import { recordAnswer } from "../quiz/live/record-answer.ts";
import { scoreCurrentQuestion } from "../quiz/live/score-current-question.ts";
import { startLiveQuiz } from "../quiz/live/start-live-quiz.ts";
import { saveQuiz } from "../quiz/save-quiz.ts";
import { normaliseScope, scopeKey } from "../study-guides/guide-scope.ts";
import { requestStudyGuide } from "../study-guides/request-study-guide.ts";
import { findStudyGuide } from "../study-guides/study-guides.ts";
import { localDateOf } from "../time/local-time.ts";
import { XP_RULES } from "./xp-rules.ts";

const TEAM = "T0XP";
const operator = {
  kind: "operator" as const,
  actor: { platform: "CLI" as const, tenant: "", externalId: "ops" },
};
const teacher: Actor = { platform: "SLACK", tenant: TEAM, externalId: "UXP-T", displayName: "Tess" };
const ana: Actor = { platform: "SLACK", tenant: TEAM, externalId: "UXP-1", displayName: "Ana" };
const ben: Actor = { platform: "SLACK", tenant: TEAM, externalId: "UXP-2", displayName: "Ben" };
const cy = studentActor("UXP-3");
const dee: Actor = { platform: "SLACK", tenant: TEAM, externalId: "UXP-4", displayName: "Dee" };
// One person with two accounts, both in the same game before linking them.
const eve: Actor = { platform: "SLACK", tenant: TEAM, externalId: "UXP-5", displayName: "Eve" };
const eveToo: Actor = { platform: "SLACK", tenant: TEAM, externalId: "UXP-6", displayName: "Eve (2)" };

let database: Database;
let db: Prisma;
let deps: StudyHallDeps;
let courseId: string;
let quizId: string;
const ids: Record<string, string> = {};

const events = (userId: string, kind: string) =>
  db.xpEvent.findMany({
    where: { userId, kind: kind as never },
    orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
  });
const day = (d: Date) => d.toISOString().slice(0, 10);

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.prisma;
  deps = createStudyHallDeps({ db, ai: createAi({ provider: "local" }), logger: silentLogger() });
  const course = await seedCourse(db, "XP biology", [teacher], "STAFF");
  courseId = course.id;
  await db.courseSpace.create({
    data: { courseId, platform: "SLACK", kind: "SLACK_CHANNEL", tenant: TEAM, externalId: "C1" },
  });
  for (const [name, actor] of Object.entries({ teacher, ana, ben, cy, dee, eve, eveToo })) {
    ids[name] = (await resolveUser(db, actor)).userId;
    if (name !== "teacher")
      await ensureEnrollment(db, { courseId, userId: ids[name]!, role: "STUDENT", source: "MANUAL" });
  }
  ({ quizId } = await saveQuiz(db, {
    courseId,
    title: "Organelles",
    origin: "AUTHORED",
    approved: true,
    questions: [
      { kind: "TRUE_FALSE", prompt: "Mitochondria make ATP.", answer: true, timeLimitSec: 30 },
      { kind: "TRUE_FALSE", prompt: "Ribosomes have membranes.", answer: false, timeLimitSec: 30 },
    ],
  }));
}, 120_000);

afterAll(async () => {
  await database?.close();
});

describe("live games", () => {
  it("award every answer when its question is scored, the bonus for a right one, and nothing on a second scoring", async () => {
    const session = await startLiveQuiz(db, {
      actor: teacher,
      space: { platform: "SLACK", tenant: TEAM, channelId: "C1" },
    });
    for (const actor of [ana, ben, dee, eve, eveToo]) await joinLiveQuiz(db, session, { actor });
    const { session: asked } = await applyTransition(db, session.id, "begin");
    await applyTransition(db, session.id, "open", asked.step);
    const question = await db.question.findFirstOrThrow({ where: { quizId, position: 0 } });
    const answer = (userId: string, value: boolean) =>
      recordAnswer(db, {
        sessionId: session.id,
        questionIndex: 0,
        question,
        userId,
        response: { choices: [value ? 0 : 1] },
        allowChange: false,
      });
    expect((await answer(ids.ana!, true)).status).toBe("locked");
    expect((await answer(ids.ben!, false)).status).toBe("locked");
    for (const name of ["dee", "eve", "eveToo"])
      expect((await answer(ids[name]!, true)).status).toBe("locked");
    // Answering writes no XP yet: the click path stays one statement.
    expect(await db.xpEvent.count({ where: { kind: "LIVE_ANSWER" } })).toBe(0);

    await applyTransition(db, session.id, "close");
    const answers = await db.answer.findMany({ where: { sessionId: session.id } });
    const byUser = new Map(answers.map((a) => [a.userId, a]));
    const [anaXp] = await events(ids.ana!, "LIVE_ANSWER");
    const [benXp] = await events(ids.ben!, "LIVE_ANSWER");
    const rule = XP_RULES.LIVE_ANSWER;
    expect(anaXp).toMatchObject({
      courseId,
      sourceKey: byUser.get(ids.ana!)!.id,
      points: rule.points + rule.correctBonus,
      occurredAt: byUser.get(ids.ana!)!.answeredAt,
    });
    expect(day(anaXp!.localDate)).toBe(localDateOf(byUser.get(ids.ana!)!.answeredAt, "UTC"));
    expect(benXp).toMatchObject({ sourceKey: byUser.get(ids.ben!)!.id, points: rule.points });

    // Scoring the same question again (a retried transition) earns nobody anything more.
    await withLockedSession(db, session.id, (tx, s) => scoreCurrentQuestion(tx, s));
    expect(await db.xpEvent.count({ where: { kind: "LIVE_ANSWER" } })).toBe(5);
    await applyTransition(db, session.id, "stop");

    // Deleting a player: the finished game keeps their answer under a stand-in, which holds no XP;
    // their own XP goes with them, and nobody else's changes.
    const deeAnswer = byUser.get(ids.dee!)!;
    await deletePerson({ requester: operator, person: { userId: ids.dee! } }, { db, logger: silentLogger() });
    const kept = await db.answer.findUniqueOrThrow({ where: { id: deeAnswer.id } });
    expect(kept.userId).not.toBe(ids.dee);
    expect(await db.xpEvent.count({ where: { userId: { in: [ids.dee!, kept.userId] } } })).toBe(0);
    expect(await db.xpEvent.count({ where: { kind: "LIVE_ANSWER" } })).toBe(4);

    // Linking Eve's second account: the game keeps one answer of hers, and she keeps its XP once.
    const { code } = await startIdentityLink(db, { actor: eve });
    await completeIdentityLink(db, { actor: eveToo, code });
    const eveAnswers = await db.answer.findMany({ where: { sessionId: session.id, userId: ids.eve } });
    expect(eveAnswers).toHaveLength(1);
    expect((await events(ids.eve!, "LIVE_ANSWER")).map((x) => x.sourceKey)).toEqual([eveAnswers[0]!.id]);
    expect(await db.xpEvent.count({ where: { kind: "LIVE_ANSWER" } })).toBe(3);
  });
});

describe("practice", () => {
  const T = new Date("2026-12-01T20:00:00Z");
  const at = (hours: number) => new Date(T.getTime() + hours * 3_600_000);

  /** One run of the quiz at `now`: the first question answered `right` or not, the second right. */
  async function practise(actor: Actor, now: Date, right: boolean) {
    const first = await startPractice(db, { actor, quizId, now });
    const runId = first.blocks
      .flatMap((b) => (b.type === "buttons" ? b.buttons.map((x) => x.action) : []))
      .flatMap((a) => ("runId" in a ? [a.runId] : []))[0];
    if (!runId) throw new Error("no practice run started");
    await answerPractice(db, { actor, runId, position: 0, response: { choices: [right ? 0 : 1] }, now });
    return runId;
  }

  it("earns once per question per local day, in the person's zone, and again the next local day", async () => {
    await updateStudySettings(db, { actor: ana, changes: { timeZone: "Asia/Tokyo" } }, { now: T });
    const rule = XP_RULES.PRACTICE_ANSWER;
    const question = await db.question.findFirstOrThrow({ where: { quizId, position: 0 } });

    // 20:00 UTC is 05:00 on 2 December in Tokyo; 02:00 UTC the next day is still 2 December there.
    await practise(ana, T, false);
    const runId = await practise(ana, at(6), true);
    let xp = await events(ids.ana!, "PRACTICE_ANSWER");
    expect(xp.map((x) => [x.sourceKey, x.points, day(x.localDate)])).toEqual([
      [`${question.id}:2026-12-02`, rule.points, "2026-12-02"],
    ]);
    // The same answer clicked again (another window) is its first answer's feedback, and earns nothing.
    await answerPractice(db, { actor: ana, runId, position: 0, response: { choices: [0] }, now: at(6) });
    expect(await db.xpEvent.count({ where: { userId: ids.ana, kind: "PRACTICE_ANSWER" } })).toBe(1);

    // 15:00 UTC on 2 December is midnight in Tokyo: a new local day earns again.
    await practise(ana, at(19), true);
    xp = await events(ids.ana!, "PRACTICE_ANSWER");
    expect(xp.map((x) => [x.sourceKey, x.points, day(x.localDate)])).toEqual([
      [`${question.id}:2026-12-02`, rule.points, "2026-12-02"],
      [`${question.id}:2026-12-03`, rule.points + rule.correctBonus, "2026-12-03"],
    ]);
  });
});

describe("card reviews", () => {
  const T = new Date("2027-01-11T15:00:00Z");

  it("earn once per counted review, keyed on its log, and nothing for the already-reviewed click", async () => {
    const deck = await createDeck(db, { actor: teacher, courseId, title: "Cells", kind: "COURSE" });
    await db.$transaction((tx) =>
      addCards(tx, { deckId: deck.id, courseId, cards: [{ front: "ATP", back: "Energy currency" }] }),
    );
    const card = await nextDueCard(db, { actor: ben, courseId, now: T });
    if (!card) throw new Error("no card due");
    const click = () =>
      reviewCard(db, { actor: ben, cardId: card.cardId, reps: card.reps, rating: 3, now: T });
    expect((await click()).counted).toBe(true);
    expect((await click()).counted).toBe(false);
    const log = await db.reviewLog.findFirstOrThrow({ where: { userId: ids.ben, cardId: card.cardId } });
    const xp = await events(ids.ben!, "CARD_REVIEW");
    expect(xp.map((x) => [x.sourceKey, x.points, x.courseId, day(x.localDate)])).toEqual([
      [log.id, XP_RULES.CARD_REVIEW.points, courseId, "2027-01-11"],
    ]);
  });
});

describe("study guides", () => {
  const T = new Date("2027-02-01T09:00:00Z");

  async function guide(topic: string, status: "READY" | "WRITING") {
    const scope = normaliseScope({ topic });
    return db.studyGuide.create({
      data: {
        courseId,
        title: `Guide: ${topic}`,
        scope: scope as object,
        scopeKey: scopeKey(scope),
        method: "EXTRACTIVE",
        status,
        markdown: `# Guide: ${topic}\n`,
        requestedById: ids.teacher,
        createdAt: T,
        ...(status === "READY" ? { finishedAt: T } : {}),
      },
    });
  }

  it("a READY guide earns its reader once, however often it is opened, in chat or on the page", async () => {
    const ready = await guide("osmosis", "READY");
    // Chat: asking for a guide of a scope already written hands over that guide.
    const handed = await requestStudyGuide(
      { ...deps, clock: () => T },
      {
        actor: cy,
        courseId,
        request: { topic: "osmosis" },
      },
    );
    expect(handed).toMatchObject({ id: ready.id, status: "READY", reused: true });
    // The page: opening it again, and another day, earns nothing more.
    await findStudyGuide(db, { actor: cy, courseId, guide: ready.id }, { now: T });
    await findStudyGuide(db, { actor: cy, courseId, guide: "1" }, { now: new Date("2027-02-03T09:00:00Z") });
    const xp = await events(ids.cy!, "GUIDE_READ");
    expect(xp.map((x) => [x.sourceKey, x.points, x.occurredAt.toISOString()])).toEqual([
      [ready.id, XP_RULES.GUIDE_READ.points, T.toISOString()],
    ]);
    // Another reader of the same guide earns their own.
    await findStudyGuide(db, { actor: ana, courseId, guide: ready.id }, { now: T });
    expect(await db.xpEvent.count({ where: { userId: ids.ana, kind: "GUIDE_READ" } })).toBe(1);
  });

  it("a guide still being written earns nothing, in chat or on the page", async () => {
    const writing = await guide("diffusion", "WRITING");
    const handed = await requestStudyGuide(
      { ...deps, clock: () => T },
      {
        actor: ben,
        courseId,
        request: { topic: "diffusion" },
      },
    );
    expect(handed).toMatchObject({ id: writing.id, status: "WRITING" });
    await findStudyGuide(db, { actor: ben, courseId, guide: writing.id }, { now: T });
    expect(await db.xpEvent.count({ where: { userId: ids.ben, kind: "GUIDE_READ" } })).toBe(0);
  });
});
