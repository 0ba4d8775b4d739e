import type { Question, QuizSession } from "../../db/generated/client.ts";
import type { Prisma } from "../../db/open-database.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import { type QuizOptions, resolveQuizOptions } from "../quiz-options.ts";

export type Tx = Parameters<Parameters<Prisma["$transaction"]>[0]>[0];

/** A session with its options parsed. */
export type LiveSession = Omit<QuizSession, "options"> & { options: QuizOptions };

/** What the host (or course staff) can do to a running game. */
export type QuizControl = "start" | "pause" | "resume" | "skip" | "stop";

export function toLiveSession(row: QuizSession): LiveSession {
  return { ...row, options: resolveQuizOptions(row.options) };
}

/** States in which a game still needs its channel. */
export const OPEN_STATES = ["LOBBY", "QUESTION", "REVEAL", "PAUSED"] as const;

/**
 * Runs `fn` with the session row locked (SELECT … FOR UPDATE), so transitions from timers, host
 * buttons and other processes apply one at a time and each sees the state the previous one left.
 */
export async function withLockedSession<T>(
  db: Prisma,
  sessionId: string,
  fn: (tx: Tx, session: LiveSession) => Promise<T>,
): Promise<T> {
  return db.$transaction(
    async (tx) => {
      const locked = await tx.$queryRaw<Array<{ id: string }>>`
        SELECT id FROM "QuizSession" WHERE id = ${sessionId}::uuid FOR UPDATE`;
      if (locked.length === 0) throw sessionNotFound(sessionId);
      const row = await tx.quizSession.findUniqueOrThrow({ where: { id: sessionId } });
      return fn(tx, toLiveSession(row));
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
}

export function sessionNotFound(sessionId: string): AppError {
  return new AppError(ErrorCode.NotFound, "no such quiz session", {
    userMessage: "That quiz is over or no longer exists.",
    details: { sessionId },
  });
}

/** The questions a session plays, in order (the first `questionCount` of the quiz). */
export async function sessionQuestions(
  db: Prisma | Tx,
  session: Pick<LiveSession, "quizId" | "options">,
): Promise<Question[]> {
  const questions = await db.question.findMany({
    where: { quizId: session.quizId },
    orderBy: { position: "asc" },
  });
  return session.options.questionCount ? questions.slice(0, session.options.questionCount) : questions;
}
