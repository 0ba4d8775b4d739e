import type { Question } from "../../db/generated/client.ts";
import type { Prisma } from "../../db/open-database.ts";
import { questionTimeMs } from "../quiz-options.ts";
import { rankPlayers, rankTeams, type Standing, type TeamStanding } from "../rank-players.ts";
import { databaseNow } from "./database-now.ts";
import { type LiveSession, sessionQuestions, toLiveSession } from "./live-session.ts";
import { tallyPlayers } from "./tally-players.ts";

/** Everything the public game message shows, loaded in a few queries. */
export interface BoardData {
  session: LiveSession;
  title: string;
  questionCount: number;
  question: Question | null;
  players: number;
  answered: number;
  /** Answers per choice (choice questions) on reveal. */
  distribution: number[];
  /** Fully correct answers to the current question, on reveal. */
  correctAnswers: number;
  standings: Standing[];
  teams: TeamStanding[];
  /**
   * When the open question's time runs out: its deadline, or, for a question whose clock starts once
   * this view is shown, the database's time now plus its time (a moment early, never late).
   */
  countdownEndsAt: Date | null;
}

/** Loads what the public game message shows, or null when the session does not exist. */
export async function loadBoardData(db: Prisma, sessionId: string): Promise<BoardData | null> {
  const row = await db.quizSession.findUnique({
    where: { id: sessionId },
    include: { quiz: { select: { title: true } } },
  });
  if (!row) return null;
  const session = toLiveSession(row);
  const questions = await sessionQuestions(db, session);
  const question = questions[session.questionIndex] ?? null;
  const revealing = session.state === "REVEAL" || session.state === "FINISHED";
  const [players, answers, tallies] = await Promise.all([
    db.quizPlayer.count({ where: { sessionId } }),
    question
      ? db.answer.findMany({
          where: { sessionId, questionId: question.id },
          select: { choices: true, credit: true },
        })
      : Promise.resolve([]),
    revealing ? tallyPlayers(db, sessionId) : Promise.resolve([]),
  ]);
  let countdownEndsAt = session.questionEndsAt;
  if (session.state === "QUESTION" && !session.questionStartedAt && question) {
    const limit = questionTimeMs(session.options, question);
    const remaining = Math.min(limit, session.pausedRemainingMs ?? limit);
    countdownEndsAt = new Date((await databaseNow(db)).getTime() + remaining);
  }
  const distribution = (question?.choices ?? []).map(
    (_, i) => answers.filter((a) => a.choices.includes(i)).length,
  );
  return {
    session,
    title: row.quiz.title,
    questionCount: questions.length,
    question,
    players,
    answered: answers.length,
    distribution,
    correctAnswers: answers.filter((a) => a.credit >= 1).length,
    standings: rankPlayers(tallies),
    teams: rankTeams(tallies),
    countdownEndsAt,
  };
}
