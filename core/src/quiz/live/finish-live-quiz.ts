import { notify } from "../../notifications/notify.ts";
import { rankPlayers } from "../rank-players.ts";
import { scheduleGradebookSync } from "../results/schedule-gradebook-sync.ts";
import { type LiveSession, sessionQuestions, type Tx } from "./live-session.ts";
import { updateSession } from "./live-session-writes.ts";
import { tallyPlayers } from "./tally-players.ts";

/** Ends the game: one QuizResult per player over the questions that were asked. */
export async function finishLiveQuiz(tx: Tx, s: LiveSession, now: Date): Promise<LiveSession> {
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
    await notifyResults(tx, s, standings, asked, now);
  }
  return updateSession(tx, s, { state: "FINISHED", endedAt: now, pausedFrom: null, pausedRemainingMs: null });
}

/**
 * Each player's result in their inbox, kept as sent: the game message and its "My result" button told
 * them already, so no chat message repeats it. Places only when the game showed rankings.
 */
async function notifyResults(
  tx: Tx,
  s: LiveSession,
  standings: ReturnType<typeof rankPlayers>,
  asked: number,
  now: Date,
): Promise<void> {
  const quiz = await tx.quiz.findUnique({ where: { id: s.quizId }, select: { title: true } });
  const title = quiz?.title ?? "Live quiz";
  await notify(
    tx,
    standings.map((p) => ({
      userId: p.userId,
      courseId: s.courseId,
      kind: "QUIZ_RESULT" as const,
      title: `${title}: ${p.score.toLocaleString("en-US")} pts${s.options.showRankings ? `, place ${p.rank} of ${standings.length}` : ""}`,
      body: `${p.correct} of ${asked} right.`,
      sourceKey: s.id,
    })),
    { now, deliver: false },
  );
}
