import type { QuizResultsSummary } from "@studyhall/core";
import { correctRateChart, percent } from "./correct-rate-chart.ts";
import { html, type SafeHtml } from "./html.ts";
import { localTime } from "./local-time.ts";
import { type PageContext, pageUrl } from "./page-context.ts";

/** How the quiz's scores are getting on in the LMS gradebook (from lti/src/grades). */
export interface GradebookLine {
  sent: number;
  pending: number;
  failed: number;
  lastError?: string;
  lastSentAt?: Date;
}

const WHERE: Record<string, string> = {
  LTI: "LMS page",
  DISCORD: "Discord",
  SLACK: "Slack",
  CLI: "Terminal",
};

/** A quiz's results: percentage correct per question (chart and table), who took it, the gradebook. */
export function quizResultsPage(
  courseName: string,
  summary: QuizResultsSummary,
  gradebook: GradebookLine | null,
  ctx: PageContext,
): { title: string; body: SafeHtml } {
  const { quiz, questions, results } = summary;
  const rows = questions.map(
    (q) =>
      html`<tr><th scope="row">Q${q.position + 1}. ${q.prompt}</th><td>${q.rate === null ? "—" : `${percent(q.rate)}%`}</td><td>${q.answered} of ${q.asked}</td></tr>`,
  );
  const people = results.map(
    (r) =>
      html`<tr><td>${r.displayName}</td><td>${WHERE[r.platform] ?? r.platform}</td><td>${percent(r.accuracy)}%</td><td>${localTime(r.finishedAt, "date")}</td></tr>`,
  );
  const body = html`<header><p class="muted">StudyHall · ${courseName}</p><h1>Results: ${quiz.title}</h1>
<nav aria-label="StudyHall"><ul><li><a href="${pageUrl(ctx, "/course")}">Back to the course page</a></li><li><a href="${pageUrl(ctx, `/course/quizzes/${quiz.id}`)}">Review the quiz</a></li></ul></nav></header>
<section aria-labelledby="per-question-h"><h2 id="per-question-h">Correct per question</h2>
${
  results.length === 0
    ? html`<p>Nobody has taken this quiz yet.</p>`
    : html`${correctRateChart(questions, "rate-chart")}
<table><caption class="muted">Share of credit earned by everyone who was asked each question (half right counts half)</caption><thead><tr><th scope="col">Question</th><th scope="col">Correct</th><th scope="col">Answered</th></tr></thead><tbody>${rows}</tbody></table>`
}</section>
<section aria-labelledby="people-h"><h2 id="people-h">Who took it</h2>
${results.length ? html`<table><thead><tr><th scope="col">Name</th><th scope="col">Where</th><th scope="col">Score</th><th scope="col">Finished</th></tr></thead><tbody>${people}</tbody></table>` : html`<p class="muted">No results yet.</p>`}</section>
${
  ctx.signedInWithClever
    ? ""
    : html`<section aria-labelledby="gradebook-h"><h2 id="gradebook-h">LMS gradebook</h2>${gradebookText(gradebook)}</section>`
}`;
  return { title: `Results: ${quiz.title}`, body };
}

function gradebookText(line: GradebookLine | null): SafeHtml {
  if (!line || line.sent + line.pending + line.failed === 0)
    return html`<p>No scores of this quiz are owed to the LMS gradebook yet.</p>`;
  return html`<ul><li>Sent: ${line.sent}${line.lastSentAt ? html` (last on ${localTime(line.lastSentAt, "date")})` : ""}</li>
<li>Waiting to be sent: ${line.pending}</li><li>Failed: ${line.failed}</li></ul>
${line.lastError ? html`<p class="notice warning" role="note">Latest problem: ${line.lastError}</p>` : ""}`;
}
