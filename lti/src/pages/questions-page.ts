import type { AskedQuestion, QuestionOutcome } from "@studyhall/core";
import { html, type SafeHtml } from "./html.ts";
import { localTime } from "./local-time.ts";
import { type PageContext, pageUrl } from "./page-context.ts";

const OUTCOME: Record<QuestionOutcome, string> = {
  answered: "Answered from the materials",
  no_source: "Not answered: nothing in the materials",
  ai_error: "Not answered: the AI service failed",
  refused: "Refused: usage limit reached",
  question_withheld: "Withheld by moderation: the question (see Flagged)",
  answer_withheld: "Withheld by moderation: the tutor's answer (see Flagged)",
};
const WHERE: Record<string, string> = {
  LTI: "LMS",
  DISCORD: "Discord",
  SLACK: "Slack",
  CLI: "Terminal",
  CLEVER: "Clever",
};

/**
 * The questions students asked the tutor, newest first. Those it could not answer from the materials,
 * or whose answer the asker voted down, are marked in words ("Needs attention") as well as by a border.
 */
export function questionsPage(
  courseName: string,
  questions: AskedQuestion[],
  ctx: PageContext,
): { title: string; body: SafeHtml } {
  const attention = questions.filter((q) => q.needsAttention).length;
  const rows = questions.map(
    (q) =>
      html`<tr${q.needsAttention ? html` class="attention"` : ""}><td>${q.needsAttention ? html`<strong>Needs attention.</strong> ` : ""}${q.question ?? html`<em>Withheld by moderation; its words are on the <a href="${pageUrl(ctx, "/course/flagged")}">Flagged</a> page.</em>`}</td><td>${q.who ?? "Unknown"}</td><td>${localTime(q.askedAt)}</td><td>${WHERE[q.platform] ?? q.platform}</td><td>${OUTCOME[q.outcome]}${q.votedDown ? "; the student voted the answer down" : ""}</td></tr>`,
  );
  const body = html`<header><p class="muted">StudyHall · ${courseName}</p><h1>Questions students asked</h1>
<nav aria-label="StudyHall"><ul><li><a href="${pageUrl(ctx, "/course")}">Back to the course page</a></li></ul></nav></header>
${
  questions.length === 0
    ? html`<p>No questions yet.</p>`
    : html`<p>${attention} of the ${questions.length} latest questions need attention: the tutor found nothing relevant in the materials, failed, moderation withheld the question or the answer (the <a href="${pageUrl(ctx, "/course/flagged")}">Flagged</a> page has what and why), or the student voted its answer down. Adding materials on those topics helps.</p>
<table><caption class="muted">Newest first</caption><thead><tr><th scope="col">Question</th><th scope="col">Who</th><th scope="col">When</th><th scope="col">Where</th><th scope="col">Outcome</th></tr></thead><tbody>${rows}</tbody></table>`
}`;
  return { title: "Questions students asked", body };
}
