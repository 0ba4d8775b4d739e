import type { FlagLine } from "@studyhall/core";
import { html, type SafeHtml } from "./html.ts";
import { localTime } from "./local-time.ts";
import { type PageContext, pageUrl, postButton } from "./page-context.ts";

const SOURCE: Record<string, string> = {
  openai: "the AI provider's moderation",
  local: "StudyHall's built-in word lists",
  "local-fallback": "StudyHall's built-in word lists (the provider did not answer in time)",
};

/**
 * Questions and answers moderation flagged, open ones first. Self-harm flags say so in words first, so
 * staff can follow up with the student; "Mark reviewed" files a flag away.
 */
export function flaggedPage(
  courseName: string,
  flags: FlagLine[],
  ctx: PageContext,
  notice?: string,
): { title: string; body: SafeHtml } {
  const open = flags.filter((f) => f.status === "OPEN").length;
  const rows = flags.map(
    (f) =>
      html`<tr${f.status === "OPEN" ? html` class="attention"` : ""}><td>${f.selfHarm ? html`<strong>Self-harm: please check in with this student.</strong> ` : ""}${f.kind === "QUESTION" ? "Question" : "Tutor's answer (withheld)"}: <q>${f.excerpt}</q></td><td>${f.who ?? "Unknown"}</td><td>${localTime(f.createdAt)}</td><td>${f.categories.join(", ") || "flagged"}<br><span class="muted">by ${SOURCE[f.source] ?? f.source}</span></td><td>${f.status === "OPEN" ? postButton(ctx, `/course/flagged/${f.id}/reviewed`, "Mark reviewed", { style: "secondary" }) : "Reviewed"}</td></tr>`,
  );
  const body = html`<header><p class="muted">StudyHall · ${courseName}</p><h1>Flagged</h1>
<nav aria-label="StudyHall"><ul><li><a href="${pageUrl(ctx, "/course")}">Back to the course page</a></li></ul></nav></header>
${notice ? html`<p role="status">${notice}</p>` : ""}
<p>Questions students asked and answers the tutor wrote that moderation held back. The student was shown a calm reply (for self-harm, where to find help), and staff with a linked Slack or Discord account got a message.</p>
${
  flags.length === 0
    ? html`<p>Nothing has been flagged.</p>`
    : html`<p>${open} of the ${flags.length} latest flags are open.</p>
<table><caption class="muted">Open first, then newest first</caption><thead><tr><th scope="col">What</th><th scope="col">Student</th><th scope="col">When</th><th scope="col">Why</th><th scope="col">Status</th></tr></thead><tbody>${rows}</tbody></table>`
}`;
  return { title: "Flagged", body };
}
