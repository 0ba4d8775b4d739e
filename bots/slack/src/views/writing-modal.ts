import type { types } from "@slack/bolt";
import type { WritingForm } from "@studyhall/core";
import { z } from "zod";
import { truncate } from "../render/slack-mrkdwn.ts";
import type { StudyMessageRef } from "../slack/study-delivery.ts";
import { SLACK_MAX_MODAL_TITLE, SLACK_MAX_PLAIN_TEXT_INPUT } from "./modal-limits.ts";
import { readPrivateMetadata } from "./private-metadata.ts";

/** callback_id of the form that submits writing for a prompt. */
export const WRITING_CALLBACK_ID = "sh:writing";
/** block_id and action_id of the writing box. */
export const WRITING_INPUT = "text";

const metadataSchema = z.object({
  p: z.uuid(),
  n: z.number().int().min(1).max(1_000_000),
  c: z.string().min(1).max(64),
  t: z.string().max(32).optional(),
  e: z.boolean(),
});

/** The longest text the modal takes: Slack's input limit, or the prompt's own when that is shorter. */
function boxLimit(form: WritingForm): number {
  return Math.min(form.maxChars, SLACK_MAX_PLAIN_TEXT_INPUT);
}

/**
 * The writing form: the prompt, its criteria and one multiline box. Slack stops a plain_text_input at
 * 3,000 characters, so the form says how to send longer text (the command takes up to the prompt's limit).
 */
export function writingModal(form: WritingForm, message: StudyMessageRef): types.ModalView {
  const metadata: z.infer<typeof metadataSchema> = {
    p: form.promptId,
    n: boxLimit(form),
    c: message.channel,
    ...(message.ts ? { t: message.ts } : {}),
    e: message.ephemeral,
  };
  const criteria = form.criteria.map((c) => `• ${c}`).join("\n");
  const longer =
    form.maxChars > SLACK_MAX_PLAIN_TEXT_INPUT
      ? ` Longer text (up to ${form.maxChars.toLocaleString("en-US")} characters) can be sent with \`/studyhall writing submit <n> | <text>\`, where <n> is the prompt's number in \`/studyhall writing\`.`
      : "";
  return {
    type: "modal",
    callback_id: WRITING_CALLBACK_ID,
    private_metadata: JSON.stringify(metadata),
    title: { type: "plain_text", text: truncate(form.title || "Writing", SLACK_MAX_MODAL_TITLE) },
    submit: { type: "plain_text", text: "Submit" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      {
        type: "section",
        text: { type: "plain_text", text: truncate(form.prompt, SLACK_MAX_PLAIN_TEXT_INPUT) },
      },
      ...(criteria
        ? [
            {
              type: "section" as const,
              text: { type: "mrkdwn" as const, text: truncate(`*Scored on*\n${criteria}`, 3000) },
            },
          ]
        : []),
      {
        type: "input",
        block_id: WRITING_INPUT,
        label: { type: "plain_text", text: "Your writing" },
        element: {
          type: "plain_text_input",
          action_id: WRITING_INPUT,
          multiline: true,
          max_length: boxLimit(form),
        },
      },
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: `Slack takes at most ${boxLimit(form).toLocaleString("en-US")} characters here.${longer}`,
          },
        ],
      },
    ],
  };
}

export type WritingSubmission =
  | { ok: true; promptId: string; text: string; message: StudyMessageRef }
  | { ok: false; errors: Record<string, string> };

const typed = z.object({ value: z.string().nullable().optional() });

/** The writing in a submitted form, or the message to show on its box. */
export function parseWritingSubmission(
  values: Record<string, Record<string, unknown>>,
  privateMetadata: string | undefined,
): WritingSubmission {
  const fail = (message: string): WritingSubmission => ({ ok: false, errors: { [WRITING_INPUT]: message } });
  const meta = readPrivateMetadata(metadataSchema, privateMetadata);
  if (!meta.success) return fail("This form is out of date. Close it and press Write again.");
  const text = typed.safeParse(values[WRITING_INPUT]?.[WRITING_INPUT] ?? {}).data?.value ?? "";
  if (!text.trim()) return fail("Write something first.");
  // Slack's clients stop at max_length; a longer text can only come from elsewhere, and is refused here
  // with the limit named, as the form says.
  if (text.length > meta.data.n)
    return fail(
      `This box takes at most ${meta.data.n.toLocaleString("en-US")} characters; yours has ${text.length.toLocaleString("en-US")}. Send longer text with \`/studyhall writing submit <n> | <text>\`.`,
    );
  return {
    ok: true,
    promptId: meta.data.p,
    text,
    message: { channel: meta.data.c, ts: meta.data.t, ephemeral: meta.data.e },
  };
}
