import { type ProgressView, progressCardSvg, type Reply } from "@studyhall/core";
import { toHtml } from "../render/to-html.ts";
import { html, type SafeHtml, trusted } from "./html.ts";
import { classesNavItem, type PageContext, pageUrl } from "./page-context.ts";
import { notice, type PageNotice } from "./page-parts.ts";
import { studyReply } from "./study-parts.ts";

/** What every Progress page says at its top: the course, the page's heading and the way around. */
export interface ProgressPageHead {
  courseName: string;
  heading: string;
  staff: boolean;
  /** The page shown, marked as current in the nav. */
  current: "mine" | "class" | "student";
  notice?: PageNotice;
}

/** The Progress pages' header: your progress, the class's (staff), Study, and the way back. */
export function progressHeader(head: ProgressPageHead, ctx: PageContext): SafeHtml {
  const link = (path: string, label: string, current: boolean) =>
    current
      ? html`<li><a href="${pageUrl(ctx, path)}" aria-current="page">${label}</a></li>`
      : html`<li><a href="${pageUrl(ctx, path)}">${label}</a></li>`;
  const home = head.staff
    ? html`<li><a href="${pageUrl(ctx, "/course")}">Course page</a></li>`
    : html`<li><a href="${pageUrl(ctx, "/learn")}">Back to the course</a></li>`;
  return html`<header><p class="muted">StudyHall · <a href="${pageUrl(ctx, "/progress")}">Progress</a> · ${head.courseName}</p><h1>${head.heading}</h1>
<nav aria-label="Progress"><ul>${link("/progress", "Your progress", head.current === "mine")}${head.staff ? link("/progress/class", "Class progress", head.current === "class") : ""}<li><a href="${pageUrl(ctx, "/study")}">Study</a></li><li><a href="${pageUrl(ctx, "/notifications")}">Notifications</a></li><li><a href="${pageUrl(ctx, "/sessions")}">Sessions</a></li>${home}${classesNavItem(ctx)}</ul></nav></header>
${notice(head.notice)}`;
}

/**
 * The progress card as core draws it, inline (its <title> and <desc> name it for screen readers), then
 * the same in words: the text fallback chat shows where pictures are off. With `fallback` the words
 * come with their working buttons (a practice quiz or deck to study next); staff looking at a
 * student's card get the words without them, as those buttons act for whoever presses them.
 */
export function progressCard(
  view: ProgressView,
  fallback: Reply,
  ctx: PageContext,
  options: { buttons: boolean },
): SafeHtml {
  const words = options.buttons
    ? studyReply(fallback, ctx)
    : toHtml({ blocks: fallback.blocks.filter((b) => b.type !== "buttons") });
  // Core escapes every piece of text in the SVG (names and topics are people's own words).
  return html`<figure class="progress-card">${trusted(progressCardSvg(view))}</figure>
<section aria-labelledby="progress-words-h" id="progress-words"><h2 id="progress-words-h">In words</h2>
${words}</section>`;
}

/** "12 XP", with thousands separated. */
export function xpText(xp: number): string {
  return `${xp.toLocaleString("en-US")} XP`;
}
