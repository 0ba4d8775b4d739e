import {
  formatSessionTime,
  SESSION_MINUTES,
  type SessionSummary,
  type StudySessionView,
} from "@studyhall/core";
import { html, type SafeHtml } from "./html.ts";
import { hiddenFields, type PageContext, postButton } from "./page-context.ts";
import { countOf } from "./page-parts.ts";

/** The choices a session's buttons post to /sessions/action, with their labels. */
export const SESSION_CHOICES = [
  { choice: "GOING", label: "Going" },
  { choice: "MAYBE", label: "Maybe" },
  { choice: "NOT_GOING", label: "Can't go" },
] as const;

/** "I'm here" on an open session: the attendance core records as JOINED. */
export const HERE_CHOICE = "HERE";

/**
 * A moment in the viewer's own time zone (their study settings'), server-side so it reads right
 * without scripts, in core's wording ("Thu 10 Dec, 18:00 (America/Chicago)"). The <time> keeps the exact
 * instant for machines.
 */
export function sessionMoment(at: Date, timeZone: string): SafeHtml {
  return html`<time datetime="${at.toISOString()}">${formatSessionTime(at, timeZone)}</time>`;
}

/** One upcoming (or cancelled) session: when, what, who is coming, and the buttons the viewer has. */
export function upcomingSession(
  s: StudySessionView,
  view: { timeZone: string; staff: boolean },
  ctx: PageContext,
): SafeHtml {
  const minutes = Math.round((s.endsAt.getTime() - s.startsAt.getTime()) / 60_000);
  const cancelled = s.status === "CANCELLED";
  const buttons = cancelled ? "" : sessionButtons(s, view.staff, ctx);
  return html`<li class="study-session${s.status === "OPEN" ? " attention" : ""}" data-session="${s.id}"><p><strong>${s.title}</strong>${cancelled ? html` <span class="muted">(cancelled)</span>` : ""}${s.status === "OPEN" ? " · happening now" : ""}</p>
<p>${sessionMoment(s.startsAt, view.timeZone)} <span class="muted">· ${minutes} min${s.weekly ? " · every week" : ""}</span></p>
${extras(s)}<p class="muted">${s.going} going · ${s.maybe} maybe</p>${buttons}</li>`;
}

/** One ended session with what its summary said: who came, the quiz, what to review. */
export function pastSession(s: StudySessionView, timeZone: string): SafeHtml {
  return html`<li class="study-session" data-session="${s.id}"><p><strong>${s.title}</strong> <span class="muted">· ${sessionMoment(s.startsAt, timeZone)}</span></p>${extras(s)}${summaryOf(s.summary)}</li>`;
}

function summaryOf(summary: SessionSummary | null): SafeHtml {
  if (!summary) return html`<p class="muted">No summary was written.</p>`;
  const came =
    summary.attendees.length === 0
      ? "Nobody marked themselves here."
      : `Came: ${summary.attendees.map((a) => a.name).join(", ")}.`;
  const quiz = summary.quiz
    ? html`<p>Quiz: ${countOf(summary.quiz.players, "player")}, ${summary.quiz.averagePercent}% on average${summary.quiz.top.length > 0 ? `; top: ${summary.quiz.top.map((t) => `${t.name} (${t.score})`).join(", ")}` : ""}.</p>`
    : "";
  const review =
    summary.review.length > 0
      ? html`<p>To review:</p><ul>${summary.review.map((r) => html`<li>${r}</li>`)}</ul>`
      : "";
  return html`<p>${came}</p>${quiz}${review}`;
}

function extras(s: StudySessionView): SafeHtml | "" {
  const parts = [
    s.quizTitle ? `Live quiz: ${s.quizTitle}` : null,
    s.deckName ? `Deck: ${s.deckName}` : null,
  ].filter((p): p is string => p !== null);
  return parts.length > 0 ? html`<p>${parts.join(" · ")}</p>` : "";
}

function sessionButtons(s: StudySessionView, staff: boolean, ctx: PageContext): SafeHtml {
  const rsvp = SESSION_CHOICES.map(({ choice, label }) =>
    postButton(ctx, "/sessions/action", label, {
      style: "secondary",
      fields: { session: s.id, choice },
    }),
  );
  const here =
    s.status === "OPEN"
      ? postButton(ctx, "/sessions/action", "I'm here", { fields: { session: s.id, choice: HERE_CHOICE } })
      : "";
  const cancel =
    staff && s.status === "SCHEDULED"
      ? postButton(ctx, "/sessions/cancel", "Cancel session", { style: "danger", fields: { session: s.id } })
      : "";
  return html`<p class="buttons">${here} ${rsvp} ${cancel}</p>`;
}

/** The schedule form: a date and a time in the scheduler's own zone, which core reads them in. */
export function scheduleForm(timeZone: string, ctx: PageContext): SafeHtml {
  return html`<section aria-labelledby="schedule-h" id="schedule"><h2 id="schedule-h">Schedule a session</h2>
<form method="post" action="${`${ctx.toolUrl}/sessions/schedule`}">${hiddenFields(ctx)}
<label class="block" for="s-title">Title</label><input type="text" id="s-title" name="title" required maxlength="100">
<label class="block" for="s-date">Date</label><input type="date" id="s-date" name="date" required>
<label class="block" for="s-time">Start (${timeZone})</label><input type="time" id="s-time" name="time" required>
<label class="block" for="s-minutes">Minutes</label><input type="number" id="s-minutes" name="minutes" min="${String(SESSION_MINUTES.min)}" max="${String(SESSION_MINUTES.max)}" value="${String(SESSION_MINUTES.default)}">
<p><label><input type="checkbox" name="weekly" value="1"> Every week at this time</label></p>
<label class="block" for="s-quiz">Live quiz to start (optional, its title)</label><input type="text" id="s-quiz" name="quiz" maxlength="100">
<label class="block" for="s-deck">Flashcard deck to suggest (optional, its name)</label><input type="text" id="s-deck" name="deck" maxlength="100">
<p><button type="submit">Schedule</button></p></form></section>`;
}

/** The two calendar feeds, the course's and the person's own, each shown, renewed or turned off. */
export function calendarSection(ctx: PageContext): SafeHtml {
  const row = (scope: "course" | "me", what: string) =>
    html`<li><p>${what}</p><p>${postButton(ctx, "/sessions/calendar", "Show the link", { fields: { scope, action: "show" } })} ${postButton(ctx, "/sessions/calendar", "Renew", { style: "secondary", fields: { scope, action: "renew" } })} ${postButton(ctx, "/sessions/calendar", "Turn off", { style: "danger", fields: { scope, action: "off" } })}</p></li>`;
  return html`<section aria-labelledby="calendar-h" id="calendar"><h2 id="calendar-h">In your calendar</h2>
<p>Subscribe to a link in Google Calendar, Outlook or Apple Calendar. Anyone with a link sees what it lists: Renew makes a new one and turns the old one off.</p>
<ul class="plain">${row("course", "This course's sessions")}${row("me", "Your sessions, every course")}</ul></section>`;
}
