import type { Question } from "../../db/generated/client.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import { type LiveSession, sessionQuestions, type Tx } from "./live-session.ts";
import { type QuizTimerAction, setQuizTimer } from "./quiz-timers.ts";

// The writes every transition shares. Callers hold the session's lock (`withLockedSession`).

/** The question the session is at; a session past its questions is a bug, not a user error. */
export async function currentQuestion(tx: Tx, s: LiveSession): Promise<Question> {
  const question = (await sessionQuestions(tx, s))[s.questionIndex];
  if (!question)
    throw new AppError(ErrorCode.Internal, "session points past its questions", {
      details: { sessionId: s.id },
    });
  return question;
}

/** Columns a transition changes. */
export type SessionUpdate = Parameters<Tx["quizSession"]["update"]>[0]["data"];

/** Writes a transition's change and moves the session one step on, so older timers do nothing. */
export async function updateSession(tx: Tx, s: LiveSession, data: SessionUpdate): Promise<LiveSession> {
  const row = await tx.quizSession.update({ where: { id: s.id }, data: { ...data, step: { increment: 1 } } });
  return { ...row, options: s.options };
}

/** Sets the session's timer for its current step. */
export async function setStepTimer(
  tx: Tx,
  s: LiveSession,
  action: QuizTimerAction,
  runAt: Date,
): Promise<void> {
  await setQuizTimer(tx, s, { step: s.step, action, runAt });
}
