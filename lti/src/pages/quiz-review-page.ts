import type { Reply } from "@studyhall/core";
import { toHtml } from "../render/to-html.ts";
import { html, type SafeHtml } from "./html.ts";
import { hiddenFields, type PageContext, pageUrl } from "./page-context.ts";
import { approveExplanation } from "./quiz-discard-page.ts";

/** A quiz with its answers and sources (core's review reply), with Approve / Discard for drafts. */
export function quizReviewPage(
  courseName: string,
  review: Reply,
  ctx: PageContext,
  draft = false,
): { title: string; body: SafeHtml } {
  const body = html`<header><p class="muted">StudyHall · ${courseName}</p><h1>Review quiz</h1>
<nav aria-label="StudyHall"><ul><li><a href="${pageUrl(ctx, "/course")}">Back to the course page</a></li></ul></nav></header>
${toHtml(review, { url: `${ctx.toolUrl}/course/action`, hidden: hiddenFields(ctx) })}
${draft ? approveExplanation() : ""}`;
  return { title: "Review quiz", body };
}
