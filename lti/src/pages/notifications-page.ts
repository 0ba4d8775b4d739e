import type { NotificationKind, NotificationsView } from "@studyhall/core";
import { html, type SafeHtml } from "./html.ts";
import { localTime } from "./local-time.ts";
import { classesNavItem, hiddenFields, type PageContext, pageUrl } from "./page-context.ts";
import { notice, type PageNotice } from "./page-parts.ts";

/** Every kind, in the order the form lists them, with what it is in a person's words. */
export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  CARDS_DUE: "Flashcards due",
  SESSION_REMINDER: "Study session reminders",
  QUIZ_RESULT: "Quiz results",
  GRADE_SENT: "Scores sent to the LMS gradebook",
  MODERATION_FLAG: "Moderation flags (course staff)",
};

export interface NotificationsPageData {
  courseName: string;
  staff: boolean;
  view: NotificationsView;
  notice?: PageNotice;
}

/**
 * A person's own inbox (every course's, newest first, unread marked), the button to mark it all read,
 * and the form for which kinds reach them in chat and the daily digest.
 */
export function notificationsPage(
  data: NotificationsPageData,
  ctx: PageContext,
): { title: string; body: SafeHtml } {
  const home = data.staff
    ? html`<li><a href="${pageUrl(ctx, "/course")}">Course page</a></li>`
    : html`<li><a href="${pageUrl(ctx, "/learn")}">Back to the course</a></li>`;
  const body = html`<header><p class="muted">StudyHall · Notifications · ${data.courseName}</p><h1>Your notifications</h1>
<nav aria-label="Notifications"><ul><li><a href="${pageUrl(ctx, "/study")}">Study</a></li><li><a href="${pageUrl(ctx, "/progress")}">Progress</a></li><li><a href="${pageUrl(ctx, "/sessions")}">Sessions</a></li>${home}${classesNavItem(ctx)}</ul></nav></header>
${notice(data.notice)}
${inboxSection(data.view, ctx)}
${settingsSection(data.view, ctx)}`;
  return { title: "Notifications", body };
}

function inboxSection(view: NotificationsView, ctx: PageContext): SafeHtml {
  const count = view.unread === 1 ? "1 unread" : `${view.unread} unread`;
  if (view.items.length === 0) {
    return html`<section aria-labelledby="inbox-h" id="inbox"><h2 id="inbox-h">Inbox</h2><p>Nothing yet.</p></section>`;
  }
  const items = view.items.map(
    (n) =>
      html`<li${n.read ? "" : html` class="attention"`}><p><strong>${n.read ? "" : "Unread: "}${n.title}</strong>${n.course ? html` <span class="muted">· ${n.course}</span>` : ""} <span class="muted">· ${localTime(new Date(n.createdAt))}</span></p><p>${n.body}</p></li>`,
  );
  const markRead =
    view.unread > 0
      ? html`<form class="inline" method="post" action="${`${ctx.toolUrl}/notifications/read`}">${hiddenFields(ctx)}<button type="submit" class="secondary">Mark all read</button></form>`
      : "";
  return html`<section aria-labelledby="inbox-h" id="inbox"><h2 id="inbox-h">Inbox</h2>
<p id="inbox-count">${count}</p>${markRead}
<ul id="inbox-items">${items}</ul></section>`;
}

function settingsSection(view: NotificationsView, ctx: PageContext): SafeHtml {
  const s = view.settings;
  const kinds = (Object.keys(NOTIFICATION_KIND_LABELS) as NotificationKind[]).map(
    (kind) =>
      html`<li><label><input type="checkbox" name="on" value="${kind}"${s.off.includes(kind) ? "" : html` checked`}> ${NOTIFICATION_KIND_LABELS[kind]}</label></li>`,
  );
  const hours = Array.from({ length: 24 }, (_, h) =>
    h === s.digestHour
      ? html`<option value="${String(h)}" selected>${String(h).padStart(2, "0")}:00</option>`
      : html`<option value="${String(h)}">${String(h).padStart(2, "0")}:00</option>`,
  );
  const quiet =
    s.quietStartHour !== null && s.quietEndHour !== null
      ? `Quiet hours ${s.quietStartHour}:00 to ${s.quietEndHour}:00`
      : "No quiet hours";
  return html`<section aria-labelledby="notify-settings-h" id="settings"><h2 id="notify-settings-h">How you are notified</h2>
<p>Notifications reach you as a direct message in Slack or Discord, where you used StudyHall last, at most one message a minute. ${quiet}, time zone ${s.timeZone}: both are your study settings.</p>
<form method="post" action="${`${ctx.toolUrl}/notifications/settings`}">${hiddenFields(ctx)}
<fieldset><legend>Send me a message for</legend><ul class="plain">${kinds}</ul>
<p class="muted">A kind turned off still shows here.</p></fieldset>
<fieldset><legend>Daily digest</legend>
<p><label><input type="checkbox" name="digest" value="1"${s.digest ? html` checked` : ""}> One message a day instead of one per notification</label></p>
<p><label>At <select name="digestHour">${hours}</select> your time</label></p></fieldset>
<p><button type="submit">Save</button></p></form></section>`;
}
