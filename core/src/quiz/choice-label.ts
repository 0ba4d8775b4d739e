import type { QuestionKind } from "../db/generated/enums.ts";

/** Letters of a question's choices, in order; a question has at most ten. */
export const CHOICE_LETTERS = "ABCDEFGHIJ";

/**
 * How one choice is named wherever it is shown — buttons, the question, the reveal, a player's own
 * answer, reports, forms and pages: "B. Mitochondria". A true/false choice is its word alone ("True"),
 * since a letter in front of "True" and "False" adds nothing and the buttons never showed one.
 */
export function choiceLabel(kind: QuestionKind, index: number, text: string): string {
  return kind === "TRUE_FALSE" ? text : `${CHOICE_LETTERS[index] ?? "?"}. ${text}`;
}
