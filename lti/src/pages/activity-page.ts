import type { AuditLine } from "@studyhall/core";
import { html, type SafeHtml } from "./html.ts";
import { localTime } from "./local-time.ts";
import { type PageContext, pageUrl } from "./page-context.ts";

const PLATFORMS: Record<string, string> = {
  LTI: "LMS",
  DISCORD: "Discord",
  SLACK: "Slack",
  CLI: "operator",
  CLEVER: "Clever",
};

/** The course's audit log for staff: who added or removed material, approved quizzes, exported data. */
export function activityPage(
  data: { courseName: string; entries: AuditLine[]; hasOlder: boolean; paged: boolean },
  ctx: PageContext,
): { title: string; body: SafeHtml } {
  const rows = data.entries.map(
    (e) =>
      html`<tr><td>${when(e.createdAt)}</td><td>${who(e)}</td><td>${e.label}</td><td>${details(e.details)}</td></tr>`,
  );
  const last = data.entries.at(-1);
  const older =
    last && data.hasOlder
      ? html`<nav aria-label="Activity pages"><ul><li><a href="${pageUrl(ctx, "/course/activity", { before: last.id })}">Older activity</a></li></ul></nav>`
      : "";
  const body = html`<header><p class="muted">StudyHall · ${data.courseName}</p><h1>Activity</h1>
<nav aria-label="StudyHall"><ul><li><a href="${pageUrl(ctx, "/course")}">Back to the course page</a></li><li><a href="${pageUrl(ctx, "/course/roster")}">Roster</a></li></ul></nav></header>
<p>What staff and operators did in this course: materials added or deleted, quizzes generated, edited, approved or discarded, the answer policy, chat spaces linked, and people's data exported or deleted. Students' own questions and answers are never shown here.</p>
${
  rows.length === 0
    ? html`<p>${data.paged ? "No older activity." : "No activity yet."}</p>`
    : html`<table><thead><tr><th scope="col">When (UTC)</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Details</th></tr></thead><tbody>${rows}</tbody></table>${older}`
}`;
  return { title: `Activity · ${data.courseName}`, body };
}

function who(e: AuditLine): SafeHtml {
  const through = e.actorPlatform ? ` (${PLATFORMS[e.actorPlatform] ?? e.actorPlatform})` : "";
  if (!e.actorKnown)
    return html`<span class="muted">${e.actorPlatform ? "A deleted person" : "StudyHall"}${through}</span>`;
  return html`${e.actorName ?? "Someone without a name"}${through}`;
}

function details(values: Record<string, unknown>): SafeHtml {
  const items = Object.entries(values).filter(([, v]) => v !== null && v !== undefined && v !== "");
  if (items.length === 0) return html`<span class="muted">—</span>`;
  return html`<ul class="plain">${items.map(([k, v]) => html`<li>${k}: ${String(v)}</li>`)}</ul>`;
}

function when(date: Date): SafeHtml {
  return localTime(date);
}
