import type { types } from "@slack/bolt";
import { z } from "zod";
import { truncate } from "../render/slack-mrkdwn.ts";
import { SLACK_MAX_PLAIN_TEXT_INPUT, SLACK_MAX_VIEW_ERROR } from "./modal-limits.ts";
import { readPrivateMetadata } from "./private-metadata.ts";

/** callback_id of the form that pastes a deck's cards (`/studyhall deck import <title>` with no cards). */
export const DECK_IMPORT_CALLBACK_ID = "sh:deck-import";
/** block_id and action_id of the paste box. */
export const DECK_IMPORT_INPUT = "cards";

const metadataSchema = z.object({
  title: z.string().min(1).max(120),
  c: z.string().min(1).max(64),
  s: z.string().max(80).optional(),
});

/** Where the import was asked for: the deck's title, the channel, and a course slug typed with `in:`. */
export interface DeckImportTarget {
  title: string;
  channel: string;
  course?: string;
}

/** A paste box for a Quizlet export (copied text) or an Anki "Notes in Plain Text" file's contents. */
export function deckImportModal(target: DeckImportTarget): types.ModalView {
  const metadata: z.infer<typeof metadataSchema> = {
    title: target.title.slice(0, 120),
    c: target.channel,
    ...(target.course ? { s: target.course } : {}),
  };
  return {
    type: "modal",
    callback_id: DECK_IMPORT_CALLBACK_ID,
    private_metadata: JSON.stringify(metadata),
    title: { type: "plain_text", text: "Import cards" },
    submit: { type: "plain_text", text: "Import" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: truncate(
            `New deck: *${target.title}*\nPaste one card per line, front and back separated by a tab or a comma: Quizlet's export (*Export* › copy the text) or an Anki *Notes in Plain Text* file.`,
            3000,
          ),
        },
      },
      {
        type: "input",
        block_id: DECK_IMPORT_INPUT,
        label: { type: "plain_text", text: "Cards" },
        element: {
          type: "plain_text_input",
          action_id: DECK_IMPORT_INPUT,
          multiline: true,
          max_length: SLACK_MAX_PLAIN_TEXT_INPUT,
          placeholder: { type: "plain_text", text: "mitochondria\tmakes ATP" },
        },
      },
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: `Slack takes at most ${SLACK_MAX_PLAIN_TEXT_INPUT.toLocaleString("en-US")} characters here. For a longer export, type \`/studyhall deck import <title>\` and paste the cards after the title on new lines.`,
          },
        ],
      },
    ],
  };
}

export type DeckImportSubmission =
  | { ok: true; target: DeckImportTarget; text: string }
  | { ok: false; errors: Record<string, string> };

const typed = z.object({ value: z.string().nullable().optional() });

/** The pasted cards and where they were asked for, or the message to show on the paste box. */
export function parseDeckImportSubmission(
  values: Record<string, Record<string, unknown>>,
  privateMetadata: string | undefined,
): DeckImportSubmission {
  const meta = readPrivateMetadata(metadataSchema, privateMetadata);
  if (!meta.success) return deckImportError("This form is out of date. Close it and run the command again.");
  const text = typed.safeParse(values[DECK_IMPORT_INPUT]?.[DECK_IMPORT_INPUT] ?? {}).data?.value ?? "";
  if (!text.trim()) return deckImportError("Paste at least one card.");
  return {
    ok: true,
    text,
    target: { title: meta.data.title, channel: meta.data.c, ...(meta.data.s ? { course: meta.data.s } : {}) },
  };
}

/** An error shown on the paste box (Slack shows at most a few lines there). */
export function deckImportError(message: string): { ok: false; errors: Record<string, string> } {
  return { ok: false, errors: { [DECK_IMPORT_INPUT]: truncate(message, SLACK_MAX_VIEW_ERROR) } };
}
