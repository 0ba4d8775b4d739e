import { awardXp } from "../../progress/award-xp.ts";
import { xpFor } from "../../progress/xp-rules.ts";
import { questionPoints, questionTimeMs } from "../quiz-options.ts";
import { scoreQuestion } from "../score-question.ts";
import { type LiveSession, sessionQuestions, type Tx } from "./live-session.ts";

/**
 * Decides the points and streak of every answer to the current question, and awards each answer's
 * XP in the same transaction (once per Answer, however often a question is scored).
 */
export async function scoreCurrentQuestion(tx: Tx, s: LiveSession): Promise<void> {
  const questions = await sessionQuestions(tx, s);
  const question = questions[s.questionIndex];
  if (!question) return;
  const previous = questions[s.questionIndex - 1];
  const [answers, previousAnswers] = await Promise.all([
    tx.answer.findMany({
      where: { sessionId: s.id, questionId: question.id },
      select: { id: true, userId: true, credit: true, latencyMs: true, correct: true, answeredAt: true },
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
  // XP rewards answering and being right; the game's own points (speed, streaks) stay the game's.
  await awardXp(
    tx,
    answers.map((a) => ({
      userId: a.userId,
      courseId: s.courseId,
      kind: "LIVE_ANSWER" as const,
      sourceKey: a.id,
      points: xpFor("LIVE_ANSWER", a.correct),
      occurredAt: a.answeredAt,
    })),
  );
}
