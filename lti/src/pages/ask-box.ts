import type { Citation, MyTutorQuestion } from "@studyhall/core";
import { citationHref } from "./citation-link.ts";
import { html, type SafeHtml } from "./html.ts";
import { localTime } from "./local-time.ts";
import { hiddenFields, type PageContext, pageUrl } from "./page-context.ts";

/** Longest question the box takes; core refuses longer ones with the same number. */
const MAX_QUESTION = 2000;

/**
 * The "Ask the tutor" form. Without scripts it posts and the answer's own page shows the whole answer;
 * with them (ask-script.ts) the answer streams into `#ask-answer` below the form.
 */
export function askBox(ctx: PageContext, options: { question?: string; intro?: string } = {}): SafeHtml {
  return html`<section aria-labelledby="ask-h"><h2 id="ask-h">Ask the tutor</h2>
<p class="muted">${options.intro ?? "The tutor answers from this course's materials and shows where each answer comes from."}</p>
<form id="ask-form" method="post" action="${`${ctx.toolUrl}/learn/ask`}">${hiddenFields(ctx)}
<label class="block" for="ask-question">Your question</label>
<textarea id="ask-question" name="question" rows="3" cols="60" maxlength="${String(MAX_QUESTION)}" required>${options.question ?? ""}</textarea>
<p><button type="submit">Ask</button> <span id="ask-status" class="muted" role="status"></span></p></form>
<div id="ask-answer" aria-live="polite"></div></section>`;
}

/** One answer with its sources, each linked to the material page at the cited page or section. */
export function tutorAnswerBlock(
  ctx: PageContext,
  turn: { question: string; answer: string; citations: Citation[] },
): SafeHtml {
  const paragraphs = turn.answer
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => html`<p>${p}</p>`);
  const sources = turn.citations.map(
    (c) =>
      html`<li><a class="citation" href="${citationHref(ctx, { materialId: c.materialId, anchor: c.anchor })}">[${String(c.n)}] ${c.title}${c.anchor ? `, ${c.anchor}` : ""}</a></li>`,
  );
  return html`<article class="tutor-answer"><p><strong>You asked:</strong> ${turn.question}</p>
<div class="answer-text">${paragraphs}</div>
${sources.length ? html`<p class="muted">Sources</p><ul class="sources">${sources}</ul>` : ""}</article>`;
}

/** The person's own earlier questions, newest first, each opening its answer's page. */
export function myQuestionsSection(ctx: PageContext, questions: MyTutorQuestion[]): SafeHtml | "" {
  if (questions.length === 0) return "";
  const items = questions.map(
    (q) =>
      html`<li><a href="${pageUrl(ctx, `/learn/questions/${q.id}`)}">${q.question}</a> <span class="muted">${localTime(q.askedAt)}</span></li>`,
  );
  return html`<section aria-labelledby="my-questions-h"><h2 id="my-questions-h">Your questions</h2>
<ul id="my-questions">${items}</ul>
<p class="muted">Your latest ${String(questions.length)} questions asked here; only you see them.</p></section>`;
}
