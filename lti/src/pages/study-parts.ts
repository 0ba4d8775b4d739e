import type { Citation, Reply } from "@studyhall/core";
import { type ActionForm, toHtml } from "../render/to-html.ts";
import { citationHref } from "./citation-link.ts";
import { html, type SafeHtml } from "./html.ts";
import { classesNavItem, hiddenFields, type PageContext, pageUrl } from "./page-context.ts";
import { notice, type PageNotice } from "./page-parts.ts";

/** The four parts of the Study area, each its own page under /study. */
export type StudyArea = "cards" | "practice" | "guides" | "writing";

const AREAS: Array<{ area: StudyArea; label: string }> = [
  { area: "cards", label: "Flashcards" },
  { area: "practice", label: "Practice" },
  { area: "guides", label: "Study guides" },
  { area: "writing", label: "Writing" },
];

/** What every Study page says at its top: the course, the page's heading and the way around. */
export interface StudyPageHead {
  courseName: string;
  heading: string;
  /** The area this page belongs to (marked as current in the nav); none on the Study home page. */
  area?: StudyArea;
  staff: boolean;
  notice?: PageNotice;
}

/**
 * The Study area's header: its nav (the four parts, Progress, Notifications, the course page, the
 * classes of a Clever sign-in).
 */
export function studyHeader(head: StudyPageHead, ctx: PageContext): SafeHtml {
  const items = AREAS.map(({ area, label }) =>
    area === head.area
      ? html`<li><a href="${pageUrl(ctx, `/study/${area}`)}" aria-current="page">${label}</a></li>`
      : html`<li><a href="${pageUrl(ctx, `/study/${area}`)}">${label}</a></li>`,
  );
  const home = head.staff
    ? html`<li><a href="${pageUrl(ctx, "/course")}">Course page</a></li>`
    : html`<li><a href="${pageUrl(ctx, "/learn")}">Back to the course</a></li>`;
  return html`<header><p class="muted">StudyHall · <a href="${pageUrl(ctx, "/study")}">Study</a> · ${head.courseName}</p><h1>${head.heading}</h1>
<nav aria-label="Study"><ul>${items}<li><a href="${pageUrl(ctx, "/progress")}">Progress</a></li><li><a href="${pageUrl(ctx, "/notifications")}">Notifications</a></li><li><a href="${pageUrl(ctx, "/sessions")}">Sessions</a></li>${home}${classesNavItem(ctx)}</ul></nav></header>
${notice(head.notice)}`;
}

/**
 * Where a rendered study reply's buttons post (one route, /study/action) with the page's hidden fields,
 * and where its sources link (the material page at the cited passage, as the tutor's answers do).
 * `fields` are extra hidden fields every button of the reply carries (the practice run it belongs to).
 */
export function studyActionForm(ctx: PageContext, fields: Record<string, string> = {}): ActionForm {
  const extra = Object.entries(fields).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  );
  return {
    url: `${ctx.toolUrl}/study/action`,
    hidden: html`${hiddenFields(ctx)}${extra}`,
    citationHref: (c: Citation) => citationHref(ctx, { materialId: c.materialId, anchor: c.anchor }),
  };
}

/** A reply of core's study tools (a card, a practice question, feedback), with working buttons. */
export function studyReply(reply: Reply, ctx: PageContext, fields: Record<string, string> = {}): SafeHtml {
  return toHtml(reply, studyActionForm(ctx, fields));
}

/** A one-button form posting a study action (its encoded id) to /study/action. */
export function studyActionButton(
  ctx: PageContext,
  actionId: string,
  label: string,
  style: "" | "secondary" | "danger" = "",
): SafeHtml {
  return html`<form class="inline" method="post" action="${`${ctx.toolUrl}/study/action`}">${hiddenFields(ctx)}<button type="submit" name="action" value="${actionId}" class="${style}">${label}</button></form>`;
}

/** "73%", or "—" for no score yet. */
export function scoreText(score: number | null): string {
  return score === null ? "—" : `${Math.round(score * 100)}%`;
}
