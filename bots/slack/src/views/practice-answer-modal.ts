import type { types } from "@slack/bolt";
import type { PracticeForm } from "@studyhall/core";
import { z } from "zod";
import { truncate } from "../render/slack-mrkdwn.ts";
import type { StudyMessageRef } from "../slack/study-delivery.ts";
import { answerInput, readAnswerInput } from "./answer-inputs.ts";
import { SLACK_MAX_MODAL_TITLE, SLACK_MAX_PLAIN_TEXT_INPUT } from "./modal-limits.ts";
import { readPrivateMetadata } from "./private-metadata.ts";

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
  const input = answerInput({
    id: PRACTICE_ANSWER_INPUT,
    kind: form.kind,
    choices: form.kind === "MULTIPLE_SELECT" ? form.choices : undefined,
    maxLength: 500,
  });
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

/** The answer in a submitted form, or the message to show on its input. */
export function parsePracticeAnswerSubmission(
  values: Record<string, Record<string, unknown>>,
  privateMetadata: string | undefined,
): PracticeAnswerSubmission {
  const fail = (message: string): PracticeAnswerSubmission => ({
    ok: false,
    errors: { [PRACTICE_ANSWER_INPUT]: message },
  });
  const meta = readPrivateMetadata(metadataSchema, privateMetadata);
  if (!meta.success) return fail("This form is out of date. Close it and press Answer again.");
  const answer = readAnswerInput(values, { id: PRACTICE_ANSWER_INPUT, kind: meta.data.k });
  if (!answer.ok) return fail(answer.message);
  return {
    ok: true,
    runId: meta.data.r,
    position: meta.data.p,
    message: { channel: meta.data.c, ts: meta.data.t, ephemeral: meta.data.e },
    response: answer.response,
  };
}
