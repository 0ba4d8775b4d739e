import type { types } from "@slack/bolt";
import { choiceLabel, type PracticeForm, parseNumericAnswer } from "@studyhall/core";
import { z } from "zod";
import { truncate } from "../render/slack-mrkdwn.ts";
import type { StudyMessageRef } from "../slack/study-delivery.ts";
import { SLACK_MAX_MODAL_TITLE, SLACK_MAX_OPTION_TEXT, SLACK_MAX_PLAIN_TEXT_INPUT } from "./modal-limits.ts";

/** callback_id of the form that answers a practice question (multiple select, typed text, a number). */
export const PRACTICE_ANSWER_CALLBACK_ID = "sh:practice-answer";
/** block_id and action_id of the form's one input. */
export const PRACTICE_ANSWER_INPUT = "answer";

/** What the form carries back: the run and question, and the message to update with the feedback. */
const metadataSchema = z.object({
  r: z.uuid(),
  p: z.number().int().min(0).max(999),
  k: z.enum(["MULTIPLE_SELECT", "SHORT_TEXT", "NUMERIC"]),
  c: z.string().min(1).max(64),
  t: z.string().max(32).optional(),
  e: z.boolean(),
});

/** The answer form: checkboxes for multiple select, a text input for typed text or a number. */
export function practiceAnswerModal(
  form: PracticeForm,
  question: { runId: string; position: number },
  message: StudyMessageRef,
): types.ModalView {
  const metadata: z.infer<typeof metadataSchema> = {
    r: question.runId,
    p: question.position,
    k: form.kind,
    c: message.channel,
    ...(message.ts ? { t: message.ts } : {}),
    e: message.ephemeral,
  };
  const input: types.InputBlock = {
    type: "input",
    block_id: PRACTICE_ANSWER_INPUT,
    label: {
      type: "plain_text",
      text: form.kind === "MULTIPLE_SELECT" ? "Select every correct answer" : "Your answer",
    },
    element:
      form.kind === "MULTIPLE_SELECT"
        ? {
            type: "checkboxes",
            action_id: PRACTICE_ANSWER_INPUT,
            options: form.choices.map((choice, i) => ({
              text: {
                type: "plain_text",
                text: truncate(choiceLabel(form.kind, i, choice), SLACK_MAX_OPTION_TEXT),
              },
              value: String(i),
            })),
          }
        : {
            type: "plain_text_input",
            action_id: PRACTICE_ANSWER_INPUT,
            max_length: 500,
            placeholder: {
              type: "plain_text",
              text: form.kind === "NUMERIC" ? "A number, like 42 or 3.5" : "Type your answer",
            },
          },
  };
  return {
    type: "modal",
    callback_id: PRACTICE_ANSWER_CALLBACK_ID,
    private_metadata: JSON.stringify(metadata),
    title: { type: "plain_text", text: truncate(form.title || "Practice", SLACK_MAX_MODAL_TITLE) },
    submit: { type: "plain_text", text: "Answer" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      {
        type: "section",
        text: { type: "plain_text", text: truncate(form.prompt, SLACK_MAX_PLAIN_TEXT_INPUT) },
      },
      input,
    ],
  };
}

export type PracticeAnswerSubmission =
  | {
      ok: true;
      runId: string;
      position: number;
      message: StudyMessageRef;
      response: { choices?: number[]; text?: string; number?: number };
    }
  /** Shown on the form (response_action "errors"), keyed by block_id. */
  | { ok: false; errors: Record<string, string> };

const checked = z.object({ selected_options: z.array(z.object({ value: z.string() })).default([]) });
const typed = z.object({ value: z.string().max(3000).nullable().optional() });

/** The answer in a submitted form, or the message to show on its input. */
export function parsePracticeAnswerSubmission(
  values: Record<string, Record<string, unknown>>,
  privateMetadata: string | undefined,
): PracticeAnswerSubmission {
  const fail = (message: string): PracticeAnswerSubmission => ({
    ok: false,
    errors: { [PRACTICE_ANSWER_INPUT]: message },
  });
  const meta = metadataSchema.safeParse(safeJson(privateMetadata));
  if (!meta.success) return fail("This form is out of date. Close it and press Answer again.");
  const state = values[PRACTICE_ANSWER_INPUT]?.[PRACTICE_ANSWER_INPUT] ?? {};
  const target = {
    ok: true as const,
    runId: meta.data.r,
    position: meta.data.p,
    message: { channel: meta.data.c, ts: meta.data.t, ephemeral: meta.data.e },
  };
  if (meta.data.k === "SHORT_TEXT") {
    const text = typed.safeParse(state).data?.value?.trim();
    return text ? { ...target, response: { text } } : fail("Type an answer.");
  }
  if (meta.data.k === "NUMERIC") {
    const number = parseNumericAnswer(typed.safeParse(state).data?.value ?? "");
    return number === undefined
      ? fail("Please answer with a number, like 42 or 3.5.")
      : { ...target, response: { number } };
  }
  const choices = (checked.safeParse(state).data?.selected_options ?? [])
    .map((o) => Number(o.value))
    .filter((n) => Number.isInteger(n) && n >= 0);
  return choices.length ? { ...target, response: { choices } } : fail("Select at least one answer.");
}

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? "");
  } catch {
    return null;
  }
}
