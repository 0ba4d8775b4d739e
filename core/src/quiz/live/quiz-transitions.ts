import type { Question } from "../../db/generated/client.ts";
import type { Prisma } from "../../db/open-database.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import { questionPoints, questionTimeMs } from "../quiz-options.ts";
import { type PlayerTally, rankPlayers } from "../rank-players.ts";
import { scheduleGradebookSync } from "../results/schedule-gradebook-sync.ts";
import { scoreQuestion } from "../score-question.ts";
import { type LiveSession, sessionQuestions, type Tx, withLockedSession } from "./live-session.ts";
import { LOBBY_TIMEOUT_MS, type QuizTimerAction, SHOW_FALLBACK_MS, setQuizTimer } from "./quiz-timers.ts";

// Every change of a live game's state happens here, inside `withLockedSession`, and bumps `step`.
// Timers carry the step they were set for; a timer whose step has passed does nothing.
//
// A question's clock starts when players can see it, not when the transition runs: the transition
// leaves `questionStartedAt` empty, and `open` stamps it once a board edit showing the question has
// been accepted by the platform (or a fallback gives up waiting for one). `open` does not bump `step`:
// it completes the transition that asked for it, and its close timer carries that same step.

export type Transition =
  | "begin"
  | "open"
  | "close"
  | "next"
  | "pause"
  | "resume"
  | "skip"
  | "stop"
  | "expire";

export interface TransitionResult {
  session: LiveSession;
  /** false when the transition no longer applied (a stale timer, a double click). */
  changed: boolean;
}

/**
 * Applies one transition to a session. `expectStep` (timers) makes it a no-op unless the session is
 * still at that step. Host commands that do not fit the state (pausing a finished game) are refused
 * with a Conflict the host can read.
 */
export async function applyTransition(
  db: Prisma,
  sessionId: string,
  transition: Transition,
  expectStep?: number,
): Promise<TransitionResult> {
  return withLockedSession(db, sessionId, async (tx, session) => {
    if (expectStep !== undefined && session.step !== expectStep) return { session, changed: false };
    const now = await databaseNow(tx);
    const next = await transitionLocked(tx, session, transition, now);
    return next ? { session: next, changed: true } : { session, changed: false };
  });
}

async function transitionLocked(
  tx: Tx,
  s: LiveSession,
  transition: Transition,
  now: Date,
): Promise<LiveSession | null> {
  switch (transition) {
    case "begin":
      if (s.state !== "LOBBY") return null;
      return startQuestion(tx, s, 0, now);
    case "open":
      if (s.state !== "QUESTION" || s.questionStartedAt) return null;
      return openQuestion(tx, s, now);
    case "close":
      if (s.state !== "QUESTION") return null;
      return closeQuestion(tx, s, now);
    case "next":
      if (s.state !== "REVEAL") return null;
      return nextQuestion(tx, s, now);
    case "skip":
      if (s.state === "LOBBY") return startQuestion(tx, s, 0, now);
      if (s.state === "QUESTION") return closeQuestion(tx, s, now);
      if (s.state === "REVEAL") return nextQuestion(tx, s, now);
      if (s.state === "PAUSED") throw refused("The quiz is paused. Resume it first.");
      return null;
    case "pause":
      if (s.state === "PAUSED") return null;
      if (s.state === "QUESTION") {
        // A question nobody has seen yet keeps all its time (or what a previous pause left it).
        const remaining = s.questionEndsAt
          ? Math.max(0, s.questionEndsAt.getTime() - now.getTime())
          : (s.pausedRemainingMs ?? questionTimeMs(s.options, await currentQuestion(tx, s)));
        return update(tx, s, { state: "PAUSED", pausedFrom: "QUESTION", pausedRemainingMs: remaining });
      }
      if (s.state === "REVEAL") return update(tx, s, { state: "PAUSED", pausedFrom: "REVEAL" });
      throw refused(s.state === "LOBBY" ? "The quiz has not started yet." : "The quiz is over.");
    case "resume": {
      if (s.state !== "PAUSED") return null;
      if (s.pausedFrom === "QUESTION") {
        // Like a new question, the rest of its time starts when the board shows it again;
        // `pausedRemainingMs` carries what is left until `open` stamps it.
        const next = await update(tx, s, {
          state: "QUESTION",
          pausedFrom: null,
          questionStartedAt: null,
          questionEndsAt: null,
        });
        await timer(tx, next, "open", new Date(now.getTime() + SHOW_FALLBACK_MS));
        return next;
      }
      const next = await update(tx, s, { state: "REVEAL", pausedFrom: null, pausedRemainingMs: null });
      await timer(tx, next, "next", new Date(now.getTime() + next.options.revealSeconds * 1000));
      return next;
    }
    case "stop":
      if (s.state === "FINISHED" || s.state === "CANCELLED") return null;
      if (s.state === "LOBBY") return update(tx, s, { state: "CANCELLED", endedAt: now });
      // Answers already given to an open question still count.
      if (s.state === "QUESTION" || (s.state === "PAUSED" && s.pausedFrom === "QUESTION"))
        await scoreCurrentQuestion(tx, s);
      return finish(tx, s, now);
    case "expire":
      if (s.state !== "LOBBY") return null;
      return update(tx, s, { state: "CANCELLED", endedAt: now });
  }
}

async function startQuestion(tx: Tx, s: LiveSession, index: number, now: Date): Promise<LiveSession> {
  const questions = await sessionQuestions(tx, s);
  const question = questions[index];
  if (!question) return finish(tx, s, now);
  const next = await update(tx, s, {
    state: "QUESTION",
    questionIndex: index,
    questionStartedAt: null,
    questionEndsAt: null,
    pausedRemainingMs: null,
    ...(s.startedAt ? {} : { startedAt: now }),
  });
  // Durable, in case no process lives to show the question: the game goes on without the board.
  await timer(tx, next, "open", new Date(now.getTime() + SHOW_FALLBACK_MS));
  return next;
}

/**
 * Starts the shown question's clock at `now`: its deadline is `now` plus its time (or what a pause
 * left of it), and answer times count from `now` (shifted back by any time used before a pause).
 */
async function openQuestion(tx: Tx, s: LiveSession, now: Date): Promise<LiveSession> {
  const limit = questionTimeMs(s.options, await currentQuestion(tx, s));
  const remaining = Math.min(limit, s.pausedRemainingMs ?? limit);
  const endsAt = new Date(now.getTime() + remaining);
  const row = await tx.quizSession.update({
    where: { id: s.id },
    data: {
      questionStartedAt: new Date(endsAt.getTime() - limit),
      questionEndsAt: endsAt,
      pausedRemainingMs: null,
    },
  });
  const next = { ...row, options: s.options };
  await timer(tx, next, "close", endsAt);
  return next;
}

async function closeQuestion(tx: Tx, s: LiveSession, now: Date): Promise<LiveSession> {
  await scoreCurrentQuestion(tx, s);
  const next = await update(tx, s, {
    state: "REVEAL",
    questionEndsAt: s.questionEndsAt && s.questionEndsAt < now ? s.questionEndsAt : now,
    pausedRemainingMs: null,
  });
  await timer(tx, next, "next", new Date(now.getTime() + next.options.revealSeconds * 1000));
  return next;
}

async function nextQuestion(tx: Tx, s: LiveSession, now: Date): Promise<LiveSession> {
  return startQuestion(tx, s, s.questionIndex + 1, now);
}

/** Decides the points and streak of every answer to the current question. */
async function scoreCurrentQuestion(tx: Tx, s: LiveSession): Promise<void> {
  const questions = await sessionQuestions(tx, s);
  const question = questions[s.questionIndex];
  if (!question) return;
  const previous = questions[s.questionIndex - 1];
  const [answers, previousAnswers] = await Promise.all([
    tx.answer.findMany({
      where: { sessionId: s.id, questionId: question.id },
      select: { id: true, userId: true, credit: true, latencyMs: true },
    }),
    previous
      ? tx.answer.findMany({
          where: { sessionId: s.id, questionId: previous.id },
          select: { userId: true, streak: true },
        })
      : Promise.resolve([]),
  ]);
  const scored = scoreQuestion({
    answers,
    previousStreaks: new Map(previousAnswers.map((a) => [a.userId, a.streak])),
    points: questionPoints(s.options, question),
    timeLimitMs: questionTimeMs(s.options, question),
    options: s.options,
  });
  if (scored.length === 0) return;
  await tx.$executeRaw`
    UPDATE "Answer" AS a SET points = v.points, streak = v.streak
    FROM unnest(${scored.map((x) => x.id)}::uuid[], ${scored.map((x) => x.points)}::int[], ${scored.map((x) => x.streak)}::int[])
      AS v(id, points, streak)
    WHERE a.id = v.id`;
}

/** Ends the game: one QuizResult per player over the questions that were asked. */
async function finish(tx: Tx, s: LiveSession, now: Date): Promise<LiveSession> {
  const questions = await sessionQuestions(tx, s);
  const asked = Math.min(questions.length, s.questionIndex + 1);
  const tallies = await tallyPlayers(tx, s.id);
  const standings = rankPlayers(tallies);
  if (standings.length > 0) {
    await tx.quizResult.createMany({
      data: standings.map((p) => ({
        sessionId: s.id,
        courseId: s.courseId,
        userId: p.userId,
        displayName: p.displayName,
        team: p.team,
        score: p.score,
        accuracy: asked === 0 ? 0 : p.creditSum / asked,
        correctCount: p.correct,
        partialCount: p.partial,
        incorrectCount: p.incorrect,
        unanswered: asked - p.answered,
        avgLatencyMs: p.answered ? Math.round(p.totalLatencyMs / p.answered) : null,
        bestStreak: p.bestStreak,
        rank: p.rank,
      })),
      skipDuplicates: true,
    });
    // Committed with the results: the grades reach a linked LMS gradebook even after a crash.
    await scheduleGradebookSync(tx, { sessionId: s.id, courseId: s.courseId });
  }
  return update(tx, s, { state: "FINISHED", endedAt: now, pausedFrom: null, pausedRemainingMs: null });
}

/** Every player's running totals over the session's answers (the leaderboard and the results). */
export async function tallyPlayers(db: Tx | Prisma, sessionId: string): Promise<PlayerTally[]> {
  const rows = await db.$queryRaw<
    Array<{
      userId: string;
      displayName: string;
      team: string | null;
      score: number;
      correct: number;
      partial: number;
      incorrect: number;
      answered: number;
      totalLatencyMs: number;
      creditSum: number;
      bestStreak: number;
    }>
  >`
    SELECT p."userId", p."displayName", p.team,
           COALESCE(SUM(a.points), 0)::int AS score,
           COUNT(a.id) FILTER (WHERE a.credit >= 1)::int AS correct,
           COUNT(a.id) FILTER (WHERE a.credit > 0 AND a.credit < 1)::int AS partial,
           COUNT(a.id) FILTER (WHERE a.credit <= 0)::int AS incorrect,
           COUNT(a.id)::int AS answered,
           COALESCE(SUM(a."latencyMs"), 0)::float8 AS "totalLatencyMs",
           COALESCE(SUM(a.credit), 0)::float8 AS "creditSum",
           COALESCE(MAX(a.streak), 0)::int AS "bestStreak"
    FROM "QuizPlayer" p
    LEFT JOIN "Answer" a ON a."sessionId" = p."sessionId" AND a."userId" = p."userId"
    WHERE p."sessionId" = ${sessionId}::uuid
    GROUP BY p."userId", p."displayName", p.team`;
  return rows;
}

async function currentQuestion(tx: Tx, s: LiveSession): Promise<Question> {
  const question = (await sessionQuestions(tx, s))[s.questionIndex];
  if (!question)
    throw new AppError(ErrorCode.Internal, "session points past its questions", {
      details: { sessionId: s.id },
    });
  return question;
}

type SessionUpdate = Parameters<Tx["quizSession"]["update"]>[0]["data"];

async function update(tx: Tx, s: LiveSession, data: SessionUpdate): Promise<LiveSession> {
  const row = await tx.quizSession.update({ where: { id: s.id }, data: { ...data, step: { increment: 1 } } });
  return { ...row, options: s.options };
}

async function timer(tx: Tx, s: LiveSession, action: QuizTimerAction, runAt: Date): Promise<void> {
  await setQuizTimer(tx, s, { step: s.step, action, runAt });
}

/** The lobby's own timeout, set when the session is created. */
export async function setLobbyTimeout(tx: Tx, s: LiveSession): Promise<void> {
  const now = await databaseNow(tx);
  await timer(tx, s, "expire", new Date(now.getTime() + LOBBY_TIMEOUT_MS));
}

/** Database time: every process and every answer is measured against the same clock. */
export async function databaseNow(db: Tx | Prisma): Promise<Date> {
  const [row] = await db.$queryRaw<Array<{ now: Date }>>`SELECT clock_timestamp() AS now`;
  return row?.now ?? new Date();
}

function refused(userMessage: string): AppError {
  return new AppError(ErrorCode.Conflict, "quiz control does not fit the state", { userMessage });
}
