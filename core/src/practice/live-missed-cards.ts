import type { Prisma } from "../db/open-database.ts";
import { cardsFromMissedQuestions } from "../flashcards/cards-from-missed-questions.ts";
import type { Logger } from "../logger.ts";
import { sessionQuestions, toLiveSession } from "../quiz/live/live-session.ts";
import { PRACTICE_TX } from "./practice-run.ts";

/**
 * Each player's missed questions of a finished live quiz, in the order asked. Missed means answered
 * less than fully right, or not answered while the player was in the game. The game does not record
 * when a player joined, so a player counts as present from the first question they answered on: one
 * who joined late is not given cards for questions asked before they came, and one who never answered
 * gets none.
 */
export function missedLiveQuestions(
  askedIds: string[],
  answers: Array<{ userId: string; questionId: string; credit: number }>,
  playerIds: string[],
): Map<string, string[]> {
  const byPlayer = new Map<string, Map<string, number>>();
  for (const a of answers) {
    const mine = byPlayer.get(a.userId) ?? new Map<string, number>();
    mine.set(a.questionId, a.credit);
    byPlayer.set(a.userId, mine);
  }
  const missed = new Map<string, string[]>();
  for (const userId of playerIds) {
    const mine = byPlayer.get(userId);
    if (!mine) continue;
    const firstAnswered = askedIds.findIndex((id) => mine.has(id));
    const ids = askedIds.slice(firstAnswered).filter((id) => (mine.get(id) ?? 0) < 1);
    if (ids.length) missed.set(userId, ids);
  }
  return missed;
}

/**
 * After a live quiz finished: every player's missed questions become cards in their saved deck of the
 * course, due the day after (unless they turned that off). Each player's cards are written in their own
 * transaction and a failure is logged, never thrown: the game is over and its results stand whatever
 * happens here. Returns how many cards were made.
 */
export async function cardsFromFinishedLiveQuiz(
  db: Prisma,
  input: { sessionId: string },
  logger: Logger,
): Promise<number> {
  const log = logger.child({ sessionId: input.sessionId });
  try {
    const row = await db.quizSession.findUnique({ where: { id: input.sessionId } });
    if (row?.state !== "FINISHED") return 0;
    const session = toLiveSession(row);
    const asked = (await sessionQuestions(db, session)).slice(0, session.questionIndex + 1).map((q) => q.id);
    const [answers, players] = await Promise.all([
      db.answer.findMany({
        where: { sessionId: session.id },
        select: { userId: true, questionId: true, credit: true },
      }),
      db.quizPlayer.findMany({ where: { sessionId: session.id }, select: { userId: true } }),
    ]);
    const now = session.endedAt ?? new Date();
    let made = 0;
    for (const [userId, questionIds] of missedLiveQuestions(
      asked,
      answers,
      players.map((p) => p.userId),
    )) {
      try {
        made += await db.$transaction(
          (tx) => cardsFromMissedQuestions(tx, { userId, courseId: session.courseId, questionIds, now }),
          PRACTICE_TX,
        );
      } catch (error) {
        log.warn({ err: error, userId }, "missed live questions could not become cards");
      }
    }
    if (made) log.info({ cards: made }, "missed live questions became cards");
    return made;
  } catch (error) {
    log.warn({ err: error }, "missed live questions could not be read");
    return 0;
  }
}
