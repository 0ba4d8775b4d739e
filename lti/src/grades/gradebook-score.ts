// What a quiz result becomes in an LMS gradebook. The lead's decision: the grade is the share of the
// questions answered right (accuracy x 100, out of 100), fair whatever the speed points were; the live
// details (correct answers, points, place) travel in the score's comment.

/** Every StudyHall line item is out of 100. */
export const GRADEBOOK_SCORE_MAXIMUM = 100;

/** The gradebook score of a result: accuracy (0..1) x 100, rounded to 2 decimals. */
export function gradebookScoreGiven(accuracy: number): number {
  const share = Number.isFinite(accuracy) ? Math.min(1, Math.max(0, accuracy)) : 0;
  return Math.round(share * GRADEBOOK_SCORE_MAXIMUM * 100) / 100;
}

export interface ScoreCommentInput {
  /** Where it was played: "Live quiz in #bio-101", "Quiz in StudyHall". */
  venue: string;
  correct: number;
  questions: number;
  points: number;
  rank: number;
  /** Players of the session; a place is only worth saying among several. */
  players: number;
}

const number = new Intl.NumberFormat("en-US");

/** e.g. "Live quiz in #bio-101: 4 of 5 correct, 4,210 points, rank 2 of 12". */
export function gradebookComment(input: ScoreCommentInput): string {
  const parts = [
    `${input.correct} of ${input.questions} correct`,
    `${number.format(input.points)} ${input.points === 1 ? "point" : "points"}`,
    ...(input.players > 1 ? [`rank ${input.rank} of ${input.players}`] : []),
  ];
  return `${input.venue}: ${parts.join(", ")}`;
}

/**
 * How the comment names where a session was played: the chat channel's name when StudyHall knows it,
 * else the platform; a quiz taken in the LMS page says so.
 */
export function sessionVenue(session: { platform: string }, spaceName: string | null | undefined): string {
  if (session.platform === "LTI") return "Quiz in StudyHall";
  if (spaceName) return `Live quiz in ${spaceName.startsWith("#") ? spaceName : `#${spaceName}`}`;
  if (session.platform === "SLACK") return "Live quiz in Slack";
  if (session.platform === "DISCORD") return "Live quiz on Discord";
  return "Live quiz";
}
