/**
 * Why a generated quiz has fewer questions than staff asked for. `little_material`: the materials (on
 * the topic) did not give the writer enough to write more. `dropped`: enough were written, but some
 * failed the checks every generated question passes (unclear, no single right answer, not from the
 * materials) and were left out.
 */
export type QuizShortfallReason = "little_material" | "dropped";

export interface QuizShortfall {
  reason: QuizShortfallReason;
  requested: number;
  kept: number;
}

export const QUIZ_SHORTFALL_REASONS: readonly QuizShortfallReason[] = ["little_material", "dropped"];

/**
 * The shortfall of one generation, or null when every question asked for came back. Too little to
 * write from is named first: generating again would not help there, while it may after drops.
 */
export function quizShortfall(counts: {
  requested: number;
  written: number;
  dropped: number;
  kept: number;
}): QuizShortfall | null {
  const { requested, written, dropped, kept } = counts;
  if (kept >= requested) return null;
  const reason = written < requested || dropped === 0 ? "little_material" : "dropped";
  return { reason, requested, kept };
}

/** The shortfall in words for staff, the same on every front end. */
export function describeQuizShortfall(shortfall: QuizShortfall): string {
  const { requested, kept } = shortfall;
  const asked = `You asked for ${requested} question${requested === 1 ? "" : "s"} and got ${kept}`;
  return shortfall.reason === "little_material"
    ? `${asked}: the materials do not hold enough distinct facts for more. Add materials, or choose a wider topic, for a longer quiz.`
    : `${asked}: the other questions written were unclear, had no single right answer or did not match the materials, so they were left out. Generate again for more.`;
}
