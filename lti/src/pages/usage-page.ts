import type { UsageSummary } from "@studyhall/core";
import { html, type SafeHtml } from "./html.ts";
import { localTime } from "./local-time.ts";
import { type PageContext, pageUrl } from "./page-context.ts";

/** The tutor's use over the last 30 days: per day, per person, and the limits in force. */
export function usagePage(
  courseName: string,
  usage: UsageSummary,
  ctx: PageContext,
): { title: string; body: SafeHtml } {
  const line = (l: { questions: number; answered: number; tokens: number }) =>
    html`<td>${l.questions}</td><td>${l.answered}</td><td>${l.tokens.toLocaleString("en")}</td>`;
  const head = html`<th scope="col">Questions</th><th scope="col">Answered</th><th scope="col">Tokens</th>`;
  const days = usage.byDay.map((d) => html`<tr><th scope="row">${d.day}</th>${line(d)}</tr>`);
  const people = usage.byPerson.map(
    (p) => html`<tr><th scope="row">${p.who ?? "Unknown"}</th>${line(p)}</tr>`,
  );
  const budgets = usage.budgets.map(
    (b) =>
      html`<li>${b.scope === "PER_USER" ? "Each person" : "The whole course"}: ${[
        b.maxRequests != null ? `${b.maxRequests} questions` : "",
        b.maxTokens != null ? `${b.maxTokens.toLocaleString("en")} tokens` : "",
      ]
        .filter(Boolean)
        .join(
          " and ",
        )} per ${window(b.windowSeconds)} <span class="muted">(${b.source === "course" ? "this course" : "StudyHall default"})</span></li>`,
  );
  const body = html`<header><p class="muted">StudyHall · ${courseName}</p><h1>Tutor usage</h1>
<nav aria-label="StudyHall"><ul><li><a href="${pageUrl(ctx, "/course")}">Back to the course page</a></li></ul></nav></header>
<p>Since ${localTime(usage.since, "date")}: ${usage.total.questions} questions, ${usage.total.answered} answered, ${usage.total.tokens.toLocaleString("en")} model tokens. StudyHall records tokens, not prices; multiply by your AI provider's price per token for the cost.</p>
<section aria-labelledby="budget-h"><h2 id="budget-h">Limits</h2>${budgets.length ? html`<ul>${budgets}</ul>` : html`<p>No limit is set.</p>`}</section>
<section aria-labelledby="days-h"><h2 id="days-h">Per day</h2>${days.length ? html`<table><thead><tr><th scope="col">Day (UTC)</th>${head}</tr></thead><tbody>${days}</tbody></table>` : html`<p>No questions in this period.</p>`}</section>
<section aria-labelledby="people-h"><h2 id="people-h">Per person</h2>${people.length ? html`<table><thead><tr><th scope="col">Person</th>${head}</tr></thead><tbody>${people}</tbody></table>` : html`<p>No questions in this period.</p>`}</section>`;
  return { title: "Tutor usage", body };
}

function window(seconds: number): string {
  if (seconds % 86_400 === 0) return seconds === 86_400 ? "day" : `${seconds / 86_400} days`;
  if (seconds % 3600 === 0) return seconds === 3600 ? "hour" : `${seconds / 3600} hours`;
  return seconds === 60 ? "minute" : `${Math.round(seconds / 60)} minutes`;
}
