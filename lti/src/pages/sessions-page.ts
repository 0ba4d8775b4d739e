import type { Reply, StudySessionView } from "@studyhall/core";
import { toHtml } from "../render/to-html.ts";
import { html, type SafeHtml } from "./html.ts";
import { classesNavItem, type PageContext, pageUrl } from "./page-context.ts";
import { notice, type PageNotice } from "./page-parts.ts";
import { calendarSection, pastSession, scheduleForm, upcomingSession } from "./sessions-parts.ts";

export interface SessionsPageData {
  courseName: string;
  staff: boolean;
  /** Whether the course's setting lets this person schedule (core's `permits`); core still decides. */
  canSchedule: boolean;
  /** The viewer's own time zone (their study settings), every time on the page is shown in. */
  timeZone: string;
  upcoming: StudySessionView[];
  past: StudySessionView[];
  /** What core answered the post this page follows (a confirmation, a calendar link). */
  answer?: Reply;
  /** A refusal in core's words. */
  notice?: PageNotice;
}

/**
 * The Study sessions page: the course's upcoming sessions in the viewer's time zone with Going / Maybe /
 * Can't go (and "I'm here" while one is open, Cancel for staff), the schedule form for whoever the
 * course lets schedule, the calendar links, and the sessions that have ended.
 */
export function sessionsPage(data: SessionsPageData, ctx: PageContext): { title: string; body: SafeHtml } {
  const home = data.staff
    ? html`<li><a href="${pageUrl(ctx, "/course")}">Course page</a></li>`
    : html`<li><a href="${pageUrl(ctx, "/learn")}">Back to the course</a></li>`;
  const answer = data.answer
    ? html`<section class="notice success" role="status" aria-label="StudyHall says" id="answer">${toHtml(data.answer)}</section>`
    : "";
  const body = html`<header><p class="muted">StudyHall · Study sessions · ${data.courseName}</p><h1>Study sessions</h1>
<nav aria-label="Study sessions"><ul><li><a href="${pageUrl(ctx, "/study")}">Study</a></li><li><a href="${pageUrl(ctx, "/progress")}">Progress</a></li><li><a href="${pageUrl(ctx, "/notifications")}">Notifications</a></li>${home}${classesNavItem(ctx)}</ul></nav></header>
${notice(data.notice)}${answer}
${upcomingSection(data, ctx)}
${data.canSchedule ? scheduleForm(data.timeZone, ctx) : ""}
${calendarSection(ctx)}
${pastSection(data)}`;
  return { title: "Study sessions", body };
}

function upcomingSection(data: SessionsPageData, ctx: PageContext): SafeHtml {
  const zone = html`<p class="muted">Times are in your time zone, ${data.timeZone} (your study settings).</p>`;
  if (data.upcoming.length === 0) {
    return html`<section aria-labelledby="upcoming-h" id="upcoming"><h2 id="upcoming-h">Coming up</h2>${zone}<p>No sessions scheduled.</p></section>`;
  }
  const items = data.upcoming.map((s) =>
    upcomingSession(s, { timeZone: data.timeZone, staff: data.staff }, ctx),
  );
  return html`<section aria-labelledby="upcoming-h" id="upcoming"><h2 id="upcoming-h">Coming up</h2>${zone}<ul class="plain">${items}</ul></section>`;
}

function pastSection(data: SessionsPageData): SafeHtml | "" {
  if (data.past.length === 0) return "";
  return html`<section aria-labelledby="past-h" id="past"><h2 id="past-h">Past sessions</h2><ul class="plain">${data.past.map((s) => pastSession(s, data.timeZone))}</ul></section>`;
}
