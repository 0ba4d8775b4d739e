import type { Question } from "../../db/generated/client.ts";
import { choiceLabel } from "../choice-label.ts";

/** The right answer in words, for reveals and personal results. */
export function correctAnswerText(q: Question): string {
  switch (q.kind) {
    case "SINGLE_CHOICE":
    case "MULTIPLE_SELECT":
    case "TRUE_FALSE":
      return q.correctChoices.map((i) => choiceLabel(q.kind, i, q.choices[i] ?? "?")).join(", ");
    case "SHORT_TEXT":
      return q.acceptedAnswers.join(" / ");
    case "NUMERIC":
      return q.tolerance ? `${q.numericAnswer} (± ${q.tolerance})` : String(q.numericAnswer);
  }
}
