import type { Reply } from "@studyhall/core";
import { encodeAction } from "../render/action-codec.ts";
import { html, type SafeHtml } from "./html.ts";
import type { PageContext } from "./page-context.ts";
import { type StudyPageHead, studyActionButton, studyHeader, studyReply } from "./study-parts.ts";

export interface StudyReplyPageData extends StudyPageHead {
  reply: Reply;
  /**
   * The practice run the reply belongs to: its buttons carry it, so a reply that goes elsewhere ("Save
   * as card": core places it as a new message) can offer the way back into the run.
   */
  runId?: string | null;
  /** The reply is a side note (core's "new" placement): shown with a way to carry on. */
  aside?: boolean;
}

/** One study reply as a page: a card to review, a practice question or its feedback, a draft's approval. */
export function studyReplyPage(
  data: StudyReplyPageData,
  ctx: PageContext,
): { title: string; body: SafeHtml } {
  const fields: Record<string, string> = data.runId ? { run: data.runId } : {};
  const next = data.runId ? encodeAction({ kind: "practice.next", runId: data.runId }) : null;
  const carryOn = data.aside
    ? html`<p>${next ? studyActionButton(ctx, next, "Continue practising") : ""}</p>`
    : "";
  const body = html`${studyHeader(data, ctx)}
<section aria-labelledby="study-reply-h" id="study-reply"><h2 id="study-reply-h" class="visually-hidden">${data.heading}</h2>
${studyReply(data.reply, ctx, fields)}
${carryOn}</section>`;
  return { title: data.heading, body };
}

/** The practice run a reply's buttons act on, if any (every practice reply's buttons name their run). */
export function runOfReply(reply: Reply): string | null {
  for (const block of reply.blocks) {
    if (block.type !== "buttons") continue;
    for (const button of block.buttons) {
      if ("runId" in button.action) return button.action.runId;
    }
  }
  return null;
}
