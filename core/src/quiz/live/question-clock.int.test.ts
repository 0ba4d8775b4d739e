// A question's clock starts when the platform has shown it, not when the transition ran: the edit-rate
// wait and the edit itself must not eat into the players' time or their speed points.
import { afterEach, describe, expect, it } from "vitest";
import { createManualClock, type ManualClock } from "../../../../test/support/manual-clock.ts";
import {
  createRecordingQuizBoard,
  type RecordingQuizBoard,
} from "../../../../test/support/recording-quiz-board.ts";
import { createTestDatabase } from "../../../../test/support/test-database.ts";
import { createCourse } from "../../courses/create-course.ts";
import { ensureEnrollment } from "../../courses/enrollments.ts";
import type { Database } from "../../db/open-database.ts";
import { silentLogger } from "../../logger.ts";
import type { Actor } from "../../people/actor.ts";
import { resolveUser } from "../../people/resolve-user.ts";
import type { Reply } from "../../reply/reply.ts";
import { saveQuiz } from "../save-quiz.ts";
import type { QuizBoardPort } from "./quiz-board-port.ts";
import { createQuizEngine, type QuizEngine } from "./quiz-engine.ts";
import { applyTransition, databaseNow } from "./quiz-transitions.ts";

const TEAM = "T0CLOCK";
const EDIT_MS = 1000;
const host: Actor = { platform: "SLACK", tenant: TEAM, externalId: "UHOST", displayName: "Host" };
const player: Actor = { platform: "SLACK", tenant: TEAM, externalId: "UP1", displayName: "Player 1" };
const space = { platform: "SLACK" as const, tenant: TEAM, channelId: "C1" };

const open: Array<{ database: Database; engine: QuizEngine }> = [];
afterEach(async () => {
  for (const w of open.splice(0)) {
    await w.engine.close();
    await w.database.close();
  }
});

/** A course with a one-question quiz (5 s) in channel C1, and an engine showing games on `board`. */
async function world(board: QuizBoardPort) {
  const database = await createTestDatabase();
  const db = database.prisma;
  const course = await createCourse(db, { name: "Clocks" });
  await db.courseSpace.create({
    data: { courseId: course.id, platform: "SLACK", kind: "SLACK_CHANNEL", tenant: TEAM, externalId: "C1" },
  });
  const { userId } = await resolveUser(db, host);
  await ensureEnrollment(db, { courseId: course.id, userId, role: "STAFF", source: "MANUAL" });
  await saveQuiz(db, {
    courseId: course.id,
    title: "Timing",
    origin: "AUTHORED",
    approved: true,
    questions: [
      {
        kind: "SINGLE_CHOICE",
        prompt: "What makes ATP?",
        choices: ["Nucleus", "Mitochondria"],
        correctChoices: [1],
        timeLimitSec: 5,
      },
    ],
  });
  const engine = createQuizEngine({ db, logger: silentLogger() });
  engine.registerBoard("SLACK", board);
  const w = { database, db, engine };
  open.push(w);
  return w;
}

/** Accepts each board edit `work` sends, one manual-clock second after it was sent, until `work` ends. */
async function acceptingEdits<T>(clock: ManualClock, work: Promise<T>): Promise<T> {
  let done = false;
  const settled = work.finally(() => {
    done = true;
  });
  while (!done) {
    await Promise.race([settled.catch(() => undefined), clock.untilTimer()]);
    if (clock.pending) await clock.advance(EDIT_MS);
  }
  return settled;
}

const noticeText = (reply: Reply) => (reply.blocks[0] as { text: string }).text;

describe("a question's clock", () => {
  it("starts when the edit showing the question is accepted: a 5 s question has 5 s from then, and an instant right answer scores about the maximum", async () => {
    const clock = createManualClock();
    const board: RecordingQuizBoard = createRecordingQuizBoard({
      minEditIntervalMs: 50,
      editTakes: { clock, ms: EDIT_MS },
    });
    const w = await world(board);
    const { sessionId } = await acceptingEdits(clock, w.engine.start({ actor: host, space }));

    const starting = w.engine.control({ sessionId, actor: host, command: "start" });
    await clock.untilTimer();
    // The question's edit has been sent and the platform has not accepted it yet.
    expect(board.latest(sessionId)).toContain("What makes ATP?");
    const sent = await w.db.quizSession.findUniqueOrThrow({ where: { id: sessionId } });
    expect(sent).toMatchObject({ state: "QUESTION", questionStartedAt: null, questionEndsAt: null });
    expect(await w.db.scheduledJob.count({ where: { key: { endsWith: ":close" } } })).toBe(0);
    // A crafted click before anyone can see the question is refused and writes nothing.
    const early = await w.engine.answer({
      sessionId,
      questionIndex: 0,
      actor: player,
      response: { choices: [1] },
    });
    expect(noticeText(early)).toMatch(/has not opened yet/);
    expect(await w.db.answer.count()).toBe(0);

    const beforeAccepted = await databaseNow(w.db);
    await clock.advance(EDIT_MS);
    await starting;
    // The fastest possible player answers the moment the question is shown.
    const locked = await w.engine.answer({
      sessionId,
      questionIndex: 0,
      actor: player,
      response: { choices: [1] },
    });
    const opened = await w.db.quizSession.findUniqueOrThrow({ where: { id: sessionId } });
    const afterOpened = await databaseNow(w.db);
    expect(opened.questionStartedAt!.getTime()).toBeGreaterThanOrEqual(beforeAccepted.getTime());
    expect(opened.questionStartedAt!.getTime()).toBeLessThanOrEqual(afterOpened.getTime());
    expect(opened.questionEndsAt!.getTime() - opened.questionStartedAt!.getTime()).toBe(5000);
    expect(opened.step).toBe(sent.step);
    // The close timer runs from the shown moment, for the same step.
    const [close] = await w.db.scheduledJob.findMany({ where: { key: { endsWith: ":close" } } });
    expect(close?.key).toBe(`quiz:${sessionId}:${sent.step}:close`);
    expect(close?.runAt.getTime()).toBe(opened.questionEndsAt!.getTime());
    // The countdown the players saw ended no later than the real deadline.
    const countdown = board.views
      .map((v) => v.view.blocks.find((b) => b.type === "countdown"))
      .find((b) => b !== undefined);
    expect(Date.parse(countdown!.endsAt)).toBeLessThanOrEqual(opened.questionEndsAt!.getTime());

    expect(noticeText(locked)).toMatch(/Locked in/);
    await acceptingEdits(clock, w.engine.control({ sessionId, actor: host, command: "skip" }));
    const [answer] = await w.db.answer.findMany({ where: { sessionId } });
    // Its time counts from the shown moment, so the edit's second is not held against it.
    expect(answer!.latencyMs).toBeLessThanOrEqual(
      afterOpened.getTime() - opened.questionStartedAt!.getTime(),
    );
    // Speed scoring: 1,000 for an instant answer, falling to 500 at time-up; this one loses only the
    // database's own time since the stamp (bounded above, by time read from the database rather than
    // a machine-speed guess), never the edit's second.
    expect(answer!.points).toBe(Math.round(1000 * (1 - (0.5 * answer!.latencyMs) / 5000)));
  }, 60_000);

  it("starts anyway when the platform refuses to show the question, so the game does not hang", async () => {
    const recording = createRecordingQuizBoard({ minEditIntervalMs: 50 });
    const board: QuizBoardPort = {
      ...recording,
      async show(target, view) {
        if (target.board !== null) throw new Error("fake platform: message_not_found");
        return recording.show(target, view);
      },
    };
    const w = await world(board);
    const { sessionId } = await w.engine.start({ actor: host, space });
    const before = await databaseNow(w.db);
    await w.engine.control({ sessionId, actor: host, command: "start" });
    const session = await w.db.quizSession.findUniqueOrThrow({ where: { id: sessionId } });
    expect(session.questionStartedAt!.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(session.questionEndsAt!.getTime() - session.questionStartedAt!.getTime()).toBe(5000);
    const locked = await w.engine.answer({
      sessionId,
      questionIndex: 0,
      actor: player,
      response: { choices: [1] },
    });
    expect(noticeText(locked)).toMatch(/Locked in/);
  }, 60_000);

  it("is started once when several processes report the question shown, and a stale report or timer does nothing", async () => {
    const w = await world(createRecordingQuizBoard({ minEditIntervalMs: 50 }));
    const { sessionId } = await w.engine.start({ actor: host, space });
    // A transition whose process died before showing the question: nobody has opened it.
    const { session: asked } = await applyTransition(w.db, sessionId, "begin");
    expect(asked.questionStartedAt).toBeNull();
    const fallback = await w.db.scheduledJob.findFirstOrThrow({
      where: { queue: "quiz:SLACK", key: `quiz:${sessionId}:${asked.step}:open` },
    });
    expect(fallback.payload).toEqual({ sessionId, step: asked.step, action: "open" });

    const reports = await Promise.all([
      applyTransition(w.db, sessionId, "open", asked.step),
      applyTransition(w.db, sessionId, "open", asked.step),
    ]);
    expect(reports.map((r) => r.changed).sort()).toEqual([false, true]);
    const opened = await w.db.quizSession.findUniqueOrThrow({ where: { id: sessionId } });
    // The durable fallback timer fires later and changes nothing.
    const handler = w.engine.jobHandlers()["quiz:SLACK"]!;
    await handler({
      id: fallback.id,
      queue: fallback.queue,
      payload: fallback.payload,
      attempts: 1,
      signal: new AbortController().signal,
    });
    const after = await w.db.quizSession.findUniqueOrThrow({ where: { id: sessionId } });
    expect(after.questionStartedAt).toEqual(opened.questionStartedAt);
    expect(after.questionEndsAt).toEqual(opened.questionEndsAt);
    expect(await w.db.scheduledJob.count({ where: { key: { endsWith: ":close" } } })).toBe(1);
  }, 60_000);

  it("keeps a question's whole time when it is paused before anyone saw it, and restarts it when shown again", async () => {
    const w = await world(createRecordingQuizBoard({ minEditIntervalMs: 50 }));
    const { sessionId } = await w.engine.start({ actor: host, space });
    const { session: asked } = await applyTransition(w.db, sessionId, "begin");
    await applyTransition(w.db, sessionId, "pause");
    // The show that was under way reports late, for a step that has passed.
    expect((await applyTransition(w.db, sessionId, "open", asked.step)).changed).toBe(false);
    const paused = await w.db.quizSession.findUniqueOrThrow({ where: { id: sessionId } });
    expect(paused).toMatchObject({ state: "PAUSED", pausedRemainingMs: 5000, questionStartedAt: null });
    await w.engine.control({ sessionId, actor: host, command: "resume" });
    const resumed = await w.db.quizSession.findUniqueOrThrow({ where: { id: sessionId } });
    expect(resumed.questionEndsAt!.getTime() - resumed.questionStartedAt!.getTime()).toBe(5000);
    expect(resumed.pausedRemainingMs).toBeNull();
  }, 60_000);
});
