import { encodeStudyAction, type MyTutorQuestion } from "@studyhall/core";
import { askBox, tutorAnswerBlock } from "./ask-box.ts";
import { html, type SafeHtml } from "./html.ts";
import { localTime } from "./local-time.ts";
import { type PageContext, pageUrl } from "./page-context.ts";
import { notice, type PageNotice } from "./page-parts.ts";
import { studyActionButton } from "./study-parts.ts";

export interface AskPageData {
  courseName: string;
  /** Staff sessions go back to the course page, students to theirs. */
  staff: boolean;
  /** The answer this page is about (a posted question's, or one of the person's earlier ones). */
  turn?: MyTutorQuestion;
  /** Why a question was not answered (a spent allowance), in core's words. */
  notice?: PageNotice;
  /** The question to put back in the box after a refusal, so nothing typed is lost. */
  question?: string;
}

/**
 * One of the person's questions and its answer, with the Ask box for the next one. A form posted
 * without scripts lands here, and the "Your questions" list links here.
 */
export function askPage(data: AskPageData, ctx: PageContext): { title: string; body: SafeHtml } {
  const back = data.staff ? pageUrl(ctx, "/course") : pageUrl(ctx, "/learn");
  const body = html`<header><p class="muted">StudyHall · ${data.courseName}</p><h1>Ask the tutor</h1>
<nav aria-label="StudyHall"><ul><li><a href="${back}">Back to the course page</a></li></ul></nav></header>
${notice(data.notice)}
${
  data.turn
    ? html`<section aria-labelledby="answer-h"><h2 id="answer-h">The tutor's answer</h2><p class="muted">Asked ${localTime(data.turn.askedAt)}</p>${tutorAnswerBlock(ctx, data.turn)}
<p>${studyActionButton(ctx, encodeStudyAction({ kind: "card.saveAnswer", messageId: data.turn.id }), "Save as card", "secondary")}</p></section>`
    : ""
}
${askBox(ctx, data.question ? { question: data.question } : {})}`;
  return { title: data.turn ? "The tutor's answer" : "Ask the tutor", body };
}
