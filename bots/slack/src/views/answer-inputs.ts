import type { types } from "@slack/bolt";
import { choiceLabel, parseNumericAnswer, type QuizResponse } from "@studyhall/core";
import { z } from "zod";
import { truncate } from "../render/slack-mrkdwn.ts";
import { SLACK_MAX_OPTION_TEXT } from "./modal-limits.ts";

/** The question kinds an answer form can be opened for (those choiceLabel knows how to letter). */
type AnswerKind = Parameters<typeof choiceLabel>[0];

/**
 * The one input of an answer form (a practice question, a live-quiz question): checkboxes when choices
 * are given, otherwise a text box whose placeholder asks for a number or a typed answer. The input's
 * block_id and action_id are both `id`, so {@link readAnswerInput} finds it by that name alone.
 */
export function answerInput(input: {
  id: string;
  kind: AnswerKind;
  /** The choices to tick; absent for a typed answer. */
  choices?: readonly string[] | undefined;
  /** The text box's max_length. */
  maxLength: number;
}): types.InputBlock {
  const { id, kind, choices, maxLength } = input;
  return {
    type: "input",
    block_id: id,
    label: {
      type: "plain_text",
      text: kind === "MULTIPLE_SELECT" ? "Select every correct answer" : "Your answer",
    },
    element: choices
      ? {
          type: "checkboxes",
          action_id: id,
          options: choices.map((choice, i) => ({
            text: { type: "plain_text", text: truncate(choiceLabel(kind, i, choice), SLACK_MAX_OPTION_TEXT) },
            value: String(i),
          })),
        }
      : {
          type: "plain_text_input",
          action_id: id,
          max_length: maxLength,
          placeholder: {
            type: "plain_text",
            text: kind === "NUMERIC" ? "A number, like 42 or 3.5" : "Type your answer",
          },
        },
  };
}

export type AnswerInputReading = { ok: true; response: QuizResponse } | { ok: false; message: string };

const checked = z.object({ selected_options: z.array(z.object({ value: z.string() })).default([]) });
const typed = z.object({ value: z.string().max(3000).nullable().optional() });

/**
 * The answer in a submitted form's {@link answerInput}, read as its kind asks (typed text, a number,
 * otherwise the ticked choices), or the message to show under the input when there is none.
 */
export function readAnswerInput(
  values: Record<string, Record<string, unknown>>,
  input: {
    id: string;
    kind: AnswerKind;
    /** Typed text is cut to this length (a form whose store keeps only so much). */
    maxText?: number;
    /** Ticked values at or past this are dropped (no choice has that letter). */
    choiceCount?: number;
  },
): AnswerInputReading {
  const { id, kind, maxText, choiceCount = Number.POSITIVE_INFINITY } = input;
  const state = values[id]?.[id] ?? {};
  if (kind === "SHORT_TEXT") {
    const text = typed.safeParse(state).data?.value?.trim();
    return text
      ? { ok: true, response: { text: text.slice(0, maxText) } }
      : { ok: false, message: "Type an answer." };
  }
  if (kind === "NUMERIC") {
    const number = parseNumericAnswer(typed.safeParse(state).data?.value ?? "");
    return number === undefined
      ? { ok: false, message: "Please answer with a number, like 42 or 3.5." }
      : { ok: true, response: { number } };
  }
  const choices = (checked.safeParse(state).data?.selected_options ?? [])
    .map((o) => Number(o.value))
    .filter((n) => Number.isInteger(n) && n >= 0 && n < choiceCount);
  return choices.length
    ? { ok: true, response: { choices } }
    : { ok: false, message: "Select at least one answer." };
}
