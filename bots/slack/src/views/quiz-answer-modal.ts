import type { types } from "@slack/bolt";
import { CHOICE_LETTERS, type OpenQuestion, type QuizResponse } from "@studyhall/core";
import { z } from "zod";
import { answerInput, readAnswerInput } from "./answer-inputs.ts";
import { readPrivateMetadata } from "./private-metadata.ts";

/** callback_id of the form that answers a multiple-select, text or number question. */
export const QUIZ_ANSWER_CALLBACK_ID = "sh:quiz-answer";
/** block_id and action_id of the form's one input. */
export const QUIZ_ANSWER_INPUT = "answer";

/** The longest typed answer the form takes, and the most of one that is kept. */
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
  const input = answerInput({
    id: QUIZ_ANSWER_INPUT,
    kind: question.kind,
    choices: question.choices.length > 0 ? question.choices : undefined,
    maxLength: MAX_TEXT_ANSWER,
  });
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

/** The answer in a submitted form, or the message to show on its input. */
export function parseQuizAnswerSubmission(
  values: Record<string, Record<string, unknown>>,
  privateMetadata: string | undefined,
): QuizAnswerSubmission {
  const fail = (message: string): QuizAnswerSubmission => ({
    ok: false,
    errors: { [QUIZ_ANSWER_INPUT]: message },
  });
  const meta = readPrivateMetadata(metadataSchema, privateMetadata);
  if (!meta.success) return fail("This form is out of date. Close it and press Answer again.");
  const answer = readAnswerInput(values, {
    id: QUIZ_ANSWER_INPUT,
    kind: meta.data.k,
    maxText: MAX_TEXT_ANSWER,
    choiceCount: CHOICE_LETTERS.length,
  });
  if (!answer.ok) return fail(answer.message);
  return {
    ok: true,
    sessionId: meta.data.s,
    questionIndex: meta.data.q,
    channel: meta.data.c,
    response: answer.response,
  };
}
