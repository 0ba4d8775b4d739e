import type { types } from "@slack/bolt";
import {
  CHOICE_LETTERS,
  choiceLabel,
  type OpenQuestion,
  parseNumericAnswer,
  type QuizResponse,
} from "@studyhall/core";
import { z } from "zod";
import { truncate } from "../render/slack-mrkdwn.ts";

/** callback_id of the form that answers a multiple-select, text or number question. */
export const QUIZ_ANSWER_CALLBACK_ID = "sh:quiz-answer";
/** block_id and action_id of the form's one input. */
export const QUIZ_ANSWER_INPUT = "answer";

/** Slack's limits for option text and modal titles. */
const MAX_OPTION_TEXT = 75;
const MAX_TEXT_ANSWER = 200;

/** What the form carries back in private_metadata: which question, and where to confirm the answer. */
const metadataSchema = z.object({
  s: z.uuid(),
  q: z.number().int().min(0).max(999),
  c: z.string().min(1).max(64),
  k: z.enum(["MULTIPLE_SELECT", "SHORT_TEXT", "NUMERIC", "SINGLE_CHOICE", "TRUE_FALSE"]),
});

/** The answer form: checkboxes for multiple select, a text input for typed text or a number. */
export function quizAnswerModal(question: OpenQuestion, where: { channel: string }): types.ModalView {
  const metadata: z.infer<typeof metadataSchema> = {
    s: question.sessionId,
    q: question.questionIndex,
    c: where.channel,
    k: question.kind,
  };
  const input: types.InputBlock = {
    type: "input",
    block_id: QUIZ_ANSWER_INPUT,
    label: {
      type: "plain_text",
      text: question.kind === "MULTIPLE_SELECT" ? "Select every correct answer" : "Your answer",
    },
    element:
      question.choices.length > 0
        ? {
            type: "checkboxes",
            action_id: QUIZ_ANSWER_INPUT,
            options: question.choices.map((choice, i) => ({
              text: {
                type: "plain_text",
                text: truncate(choiceLabel(question.kind, i, choice), MAX_OPTION_TEXT),
              },
              value: String(i),
            })),
          }
        : {
            type: "plain_text_input",
            action_id: QUIZ_ANSWER_INPUT,
            max_length: MAX_TEXT_ANSWER,
            placeholder: {
              type: "plain_text",
              text: question.kind === "NUMERIC" ? "A number, like 42 or 3.5" : "Type your answer",
            },
          },
  };
  return {
    type: "modal",
    callback_id: QUIZ_ANSWER_CALLBACK_ID,
    private_metadata: JSON.stringify(metadata),
    title: { type: "plain_text", text: `Question ${question.questionIndex + 1}` },
    submit: { type: "plain_text", text: "Lock in" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [{ type: "section", text: { type: "plain_text", text: question.prompt } }, input],
  };
}

export type QuizAnswerSubmission =
  | { ok: true; sessionId: string; questionIndex: number; channel: string; response: QuizResponse }
  /** Shown on the form (response_action "errors"), keyed by block_id. */
  | { ok: false; errors: Record<string, string> };

const checked = z.object({ selected_options: z.array(z.object({ value: z.string() })).default([]) });
const typed = z.object({ value: z.string().max(3000).nullable().optional() });

/** The answer in a submitted form, or the message to show on its input. */
export function parseQuizAnswerSubmission(
  values: Record<string, Record<string, unknown>>,
  privateMetadata: string | undefined,
): QuizAnswerSubmission {
  const meta = metadataSchema.safeParse(safeJson(privateMetadata));
  if (!meta.success)
    return {
      ok: false,
      errors: { [QUIZ_ANSWER_INPUT]: "This form is out of date. Close it and press Answer again." },
    };
  const state = values[QUIZ_ANSWER_INPUT]?.[QUIZ_ANSWER_INPUT] ?? {};
  const target = {
    ok: true as const,
    sessionId: meta.data.s,
    questionIndex: meta.data.q,
    channel: meta.data.c,
  };
  const fail = (message: string): QuizAnswerSubmission => ({
    ok: false,
    errors: { [QUIZ_ANSWER_INPUT]: message },
  });
  if (meta.data.k === "SHORT_TEXT") {
    const text = typed.safeParse(state).data?.value?.trim();
    return text ? { ...target, response: { text: text.slice(0, MAX_TEXT_ANSWER) } } : fail("Type an answer.");
  }
  if (meta.data.k === "NUMERIC") {
    const number = parseNumericAnswer(typed.safeParse(state).data?.value ?? "");
    return number === undefined
      ? fail("Please answer with a number, like 42 or 3.5.")
      : { ...target, response: { number } };
  }
  const choices = (checked.safeParse(state).data?.selected_options ?? [])
    .map((o) => Number(o.value))
    .filter((n) => Number.isInteger(n) && n >= 0 && n < CHOICE_LETTERS.length);
  return choices.length ? { ...target, response: { choices } } : fail("Select at least one answer.");
}

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? "");
  } catch {
    return null;
  }
}
