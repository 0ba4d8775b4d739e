import type { Prisma } from "../../db/open-database.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import { questionTimeMs } from "../quiz-options.ts";
import { databaseNow } from "./database-now.ts";
import { finishLiveQuiz } from "./finish-live-quiz.ts";
import { type LiveSession, sessionQuestions, type Tx, withLockedSession } from "./live-session.ts";
import { currentQuestion, setStepTimer, updateSession } from "./live-session-writes.ts";
import { LOBBY_TIMEOUT_MS, SHOW_FALLBACK_MS } from "./quiz-timers.ts";
import { scoreCurrentQuestion } from "./score-current-question.ts";

export { databaseNow } from "./database-now.ts";
export { tallyPlayers } from "./tally-players.ts";

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
        return updateSession(tx, s, {
          state: "PAUSED",
          pausedFrom: "QUESTION",
          pausedRemainingMs: remaining,
        });
      }
      if (s.state === "REVEAL") return updateSession(tx, s, { state: "PAUSED", pausedFrom: "REVEAL" });
      throw refused(s.state === "LOBBY" ? "The quiz has not started yet." : "The quiz is over.");
    case "resume": {
      if (s.state !== "PAUSED") return null;
      if (s.pausedFrom === "QUESTION") {
        // Like a new question, the rest of its time starts when the board shows it again;
        // `pausedRemainingMs` carries what is left until `open` stamps it.
        const next = await updateSession(tx, s, {
          state: "QUESTION",
          pausedFrom: null,
          questionStartedAt: null,
          questionEndsAt: null,
        });
        await setStepTimer(tx, next, "open", new Date(now.getTime() + SHOW_FALLBACK_MS));
        return next;
      }
      const next = await updateSession(tx, s, { state: "REVEAL", pausedFrom: null, pausedRemainingMs: null });
      await setStepTimer(tx, next, "next", new Date(now.getTime() + next.options.revealSeconds * 1000));
      return next;
    }
    case "stop":
      if (s.state === "FINISHED" || s.state === "CANCELLED") return null;
      if (s.state === "LOBBY") return updateSession(tx, s, { state: "CANCELLED", endedAt: now });
      // Answers already given to an open question still count.
      if (s.state === "QUESTION" || (s.state === "PAUSED" && s.pausedFrom === "QUESTION"))
        await scoreCurrentQuestion(tx, s);
      return finishLiveQuiz(tx, s, now);
    case "expire":
      if (s.state !== "LOBBY") return null;
      return updateSession(tx, s, { state: "CANCELLED", endedAt: now });
  }
}

async function startQuestion(tx: Tx, s: LiveSession, index: number, now: Date): Promise<LiveSession> {
  const questions = await sessionQuestions(tx, s);
  const question = questions[index];
  if (!question) return finishLiveQuiz(tx, s, now);
  const next = await updateSession(tx, s, {
    state: "QUESTION",
    questionIndex: index,
    questionStartedAt: null,
    questionEndsAt: null,
    pausedRemainingMs: null,
    ...(s.startedAt ? {} : { startedAt: now }),
  });
  // Durable, in case no process lives to show the question: the game goes on without the board.
  await setStepTimer(tx, next, "open", new Date(now.getTime() + SHOW_FALLBACK_MS));
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
  await setStepTimer(tx, next, "close", endsAt);
  return next;
}

async function closeQuestion(tx: Tx, s: LiveSession, now: Date): Promise<LiveSession> {
  await scoreCurrentQuestion(tx, s);
  const next = await updateSession(tx, s, {
    state: "REVEAL",
    questionEndsAt: s.questionEndsAt && s.questionEndsAt < now ? s.questionEndsAt : now,
    pausedRemainingMs: null,
  });
  await setStepTimer(tx, next, "next", new Date(now.getTime() + next.options.revealSeconds * 1000));
  return next;
}

async function nextQuestion(tx: Tx, s: LiveSession, now: Date): Promise<LiveSession> {
  return startQuestion(tx, s, s.questionIndex + 1, now);
}

/** The lobby's own timeout, set when the session is created. */
export async function setLobbyTimeout(tx: Tx, s: LiveSession): Promise<void> {
  const now = await databaseNow(tx);
  await setStepTimer(tx, s, "expire", new Date(now.getTime() + LOBBY_TIMEOUT_MS));
}

function refused(userMessage: string): AppError {
  return new AppError(ErrorCode.Conflict, "quiz control does not fit the state", { userMessage });
}
