import type { Question } from "../../db/generated/client.ts";
import type { Prisma } from "../../db/open-database.ts";
import { type LiveSession, sessionQuestions, toLiveSession } from "./live-session.ts";

/** How long a game's session row and questions are reused before they are read again. */
const SESSION_CACHE_MS = 60_000;

/** A live game's session and its questions, as answers and joins read them. */
export interface CachedSession {
  session: LiveSession;
  questions: Question[];
  at: number;
}

/**
 * Keeps each game's session and questions for a minute, so a burst of clicks reads them once. The
 * engine forgets a game on every transition, so a cached state is never older than the last change
 * this process made.
 */
export function createQuizSessionCache(db: Prisma) {
  const cache = new Map<string, CachedSession>();
  return {
    /** The game's session and questions, or null when no such session exists. */
    async get(sessionId: string): Promise<CachedSession | null> {
      const cached = cache.get(sessionId);
      if (cached && Date.now() - cached.at < SESSION_CACHE_MS) return cached;
      const row = await db.quizSession.findUnique({ where: { id: sessionId } });
      if (!row) return null;
      const session = toLiveSession(row);
      const entry = { session, questions: await sessionQuestions(db, session), at: Date.now() };
      cache.set(sessionId, entry);
      return entry;
    },
    forget(sessionId: string): void {
      cache.delete(sessionId);
    },
  };
}
