import type { QuizOptions } from "./quiz-options.ts";

/** The most consecutive-answer bonuses one answer can earn. */
export const STREAK_BONUS_CAP = 5;
/** Each step of a streak is worth this share of the question's points. */
export const STREAK_BONUS_SHARE = 0.1;

export interface RecordedAnswer {
  id: string;
  userId: string;
  credit: number;
  latencyMs: number;
}

export interface ScoredAnswer {
  id: string;
  userId: string;
  points: number;
  /** Consecutive fully correct answers up to and including this one. */
  streak: number;
}

/**
 * Points for every answer to one question, decided once when the question closes.
 *
 * - speed scoring: points × credit × (1 − ½ × answer time / time limit), so an instant answer earns
 *   full points and one at the buzzer half; accuracy scoring: points × credit.
 * - a streak (fully correct answers in a row, counted from `previousStreaks`) adds 10% of the
 *   question's points per step after the first, capped at five steps.
 * - wrong answers earn nothing and reset the streak; so does not answering (the caller passes no
 *   previous streak for someone who skipped the last question).
 */
export function scoreQuestion(input: {
  answers: RecordedAnswer[];
  previousStreaks: ReadonlyMap<string, number>;
  points: number;
  timeLimitMs: number;
  options: Pick<QuizOptions, "scoring" | "streaks">;
}): ScoredAnswer[] {
  const { points, timeLimitMs, options } = input;
  return input.answers.map((answer) => {
    const credit = Math.min(1, Math.max(0, answer.credit));
    const streak = credit === 1 ? (input.previousStreaks.get(answer.userId) ?? 0) + 1 : 0;
    if (credit === 0) return { id: answer.id, userId: answer.userId, points: 0, streak };
    const share = Math.min(1, Math.max(0, answer.latencyMs / Math.max(1, timeLimitMs)));
    const speed = options.scoring === "speed" ? 1 - 0.5 * share : 1;
    const bonusSteps = options.streaks ? Math.min(Math.max(0, streak - 1), STREAK_BONUS_CAP) : 0;
    const bonus = Math.round(bonusSteps * STREAK_BONUS_SHARE * points);
    return {
      id: answer.id,
      userId: answer.userId,
      points: Math.round(points * credit * speed) + bonus,
      streak,
    };
  });
}
