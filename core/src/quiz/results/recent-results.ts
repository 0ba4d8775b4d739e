import type { Prisma } from "../../db/open-database.ts";
import { resolveQuizOptions } from "../quiz-options.ts";

/** One finished game of a person, as `/me` and the App Home list it. */
export interface RecentQuizResult {
  sessionId: string;
  quizTitle: string;
  courseName: string;
  playedAt: Date;
  score: number;
  correct: number;
  questions: number;
  /** Place and player count; null when the game hid rankings (everyone saw only their own result). */
  place: { rank: number; players: number } | null;
}

/**
 * The person's latest quiz results, newest first, from courses they are still enrolled in (or, with
 * `courseIds`, from those courses, archived ones included: history keeps them): a result sent at the
 * end of a game can be found again here after a reload. Games that hid rankings keep them hidden.
 */
export async function recentQuizResults(
  db: Prisma,
  userId: string,
  limit = 5,
  options: { courseIds?: string[] } = {},
): Promise<RecentQuizResult[]> {
  const rows = await db.quizResult.findMany({
    where: options.courseIds
      ? { userId, courseId: { in: options.courseIds } }
      : { userId, course: { archivedAt: null, enrollments: { some: { userId, removedAt: null } } } },
    orderBy: { createdAt: "desc" },
    take: limit,
    include: {
      course: { select: { name: true } },
      session: { select: { options: true, quiz: { select: { title: true } } } },
    },
  });
  const players = await db.quizResult.groupBy({
    by: ["sessionId"],
    where: { sessionId: { in: rows.map((r) => r.sessionId) } },
    _count: { _all: true },
  });
  const playersOf = new Map(players.map((p) => [p.sessionId, p._count._all]));
  return rows.map((r) => ({
    sessionId: r.sessionId,
    quizTitle: r.session.quiz.title,
    courseName: r.course.name,
    playedAt: r.createdAt,
    score: r.score,
    correct: r.correctCount,
    questions: r.correctCount + r.partialCount + r.incorrectCount + r.unanswered,
    place: resolveQuizOptions(r.session.options).showRankings
      ? { rank: r.rank, players: playersOf.get(r.sessionId) ?? 1 }
      : null,
  }));
}

/** One line per result: "Organelles (Biology 101): 2,450 pts, 3 of 4 right, 2nd of 30". */
export function describeRecentResult(r: RecentQuizResult): string {
  const place = r.place ? `, place ${r.place.rank} of ${r.place.players}` : "";
  return `${r.quizTitle} (${r.courseName}): ${r.score.toLocaleString("en")} pts, ${r.correct} of ${r.questions} right${place}`;
}
