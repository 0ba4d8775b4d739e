import type { Question } from "../db/generated/client.ts";
import { choiceLabel } from "../quiz/choice-label.ts";
import { correctAnswerText } from "../quiz/live/correct-answer-text.ts";
import { CARD_LIMITS, type NewCard } from "./card-limits.ts";

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1).trimEnd()}…`;
}

/**
 * A quiz question as a card: the prompt (with its choices) on the front, the right answer and the
 * explanation on the back, its hint and source kept. A question is not the student's writing, so a
 * face over the card limit is shortened rather than refused: saving a question must not fail.
 */
export function questionCard(q: Question): NewCard {
  const choices =
    q.kind === "SINGLE_CHOICE" || q.kind === "MULTIPLE_SELECT"
      ? `\n${q.choices.map((c, i) => choiceLabel(q.kind, i, c)).join("\n")}`
      : q.kind === "TRUE_FALSE"
        ? " (true or false)"
        : "";
  const back = [correctAnswerText(q), q.explanation?.trim()].filter(Boolean).join("\n\n");
  return {
    front: clip(`${q.prompt}${choices}`, CARD_LIMITS.face),
    back: clip(back || "—", CARD_LIMITS.face),
    hint: q.hint ? clip(q.hint, CARD_LIMITS.hint) : null,
    source: {
      questionId: q.id,
      ...(q.sourceChunkId ? { chunkId: q.sourceChunkId } : {}),
      ...(q.sourceMaterialId ? { materialId: q.sourceMaterialId } : {}),
      ...(q.sourceTitle ? { title: q.sourceTitle } : {}),
      anchor: q.sourceAnchor,
    },
  };
}
