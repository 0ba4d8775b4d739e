import { z } from "zod";

/**
 * How a live quiz plays. Options resolve in layers: the defaults here, then the course's
 * `quizDefaults`, then the quiz's own `options`, then what the host typed in the start command. The
 * result is stored on the session, so a game keeps its rules even if a teacher edits them mid-game.
 */
export const quizOptionsSchema = z.object({
  /** "speed": full points for an instant answer, falling linearly to half at time-up. "accuracy": points × credit. */
  scoring: z.enum(["speed", "accuracy"]).default("speed"),
  /** Bonus for consecutive fully correct answers (capped). */
  streaks: z.boolean().default(true),
  /** Points per question; null keeps each question's own points (1,000 by default). */
  pointsPerQuestion: z.number().int().min(0).max(10_000).nullable().default(null),
  /** Seconds per question; null keeps each question's own time limit. */
  secondsPerQuestion: z.number().int().min(5).max(300).nullable().default(null),
  /** Play only the first N questions; null plays them all. */
  questionCount: z.number().int().min(1).max(100).nullable().default(null),
  /** How long the answer stays on screen before the next question starts by itself. */
  revealSeconds: z.number().int().min(3).max(120).default(8),
  podiumSize: z.number().int().min(1).max(10).default(3),
  /** false: no public leaderboard or podium; everyone sees only their own result. */
  showRankings: z.boolean().default(true),
  /** A player may change their answer once while the question is open. */
  allowAnswerChange: z.boolean().default(false),
  /** "platform": teams from Discord roles / Slack user groups named "Team …"; "auto": balanced teams. */
  teams: z.enum(["off", "auto", "platform"]).default("off"),
  teamCount: z.number().int().min(2).max(8).default(2),
});

export type QuizOptions = z.infer<typeof quizOptionsSchema>;

type LayerShape = {
  [K in keyof typeof quizOptionsSchema.shape]: z.ZodOptional<
    ReturnType<(typeof quizOptionsSchema.shape)[K]["unwrap"]>
  >;
};

/**
 * A layer of overrides; unknown keys are ignored so an old stored layer never breaks a game. Built
 * from the fields without their defaults: zod fills a defaulted field even inside `.partial()`, and a
 * layer full of defaults would hide the course's and the quiz's choices below it.
 */
export const quizOptionsLayerSchema = z.object(
  Object.fromEntries(
    Object.entries(quizOptionsSchema.shape).map(([key, field]) => [key, field.unwrap().optional()]),
  ) as LayerShape,
);
export type QuizOptionsLayer = z.input<typeof quizOptionsLayerSchema>;

/** The options in force for one game. Stored layers that no longer parse fall back field by field. */
export function resolveQuizOptions(...layers: Array<unknown>): QuizOptions {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) {
    if (!layer || typeof layer !== "object") continue;
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined || !(key in quizOptionsSchema.shape)) continue;
      const field = quizOptionsSchema.shape[key as keyof QuizOptions];
      if (field.safeParse(value).success) merged[key] = value;
    }
  }
  return quizOptionsSchema.parse(merged);
}

/** Points a question is worth in this game. */
export function questionPoints(options: QuizOptions, question: { points: number }): number {
  return options.pointsPerQuestion ?? question.points;
}

/** Time limit of a question in this game, in milliseconds. */
export function questionTimeMs(options: QuizOptions, question: { timeLimitSec: number }): number {
  return (options.secondsPerQuestion ?? question.timeLimitSec) * 1000;
}
