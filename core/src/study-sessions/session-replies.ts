import type { Reply, ReplyBlock } from "../reply/reply.ts";
import { noticeReply } from "../reply/reply.ts";
import { formatSessionTime } from "./format-session-time.ts";
import type { SessionSummary, StudySessionView } from "./session-view.ts";

function minutesOf(view: StudySessionView): number {
  return Math.round((view.endsAt.getTime() - view.startsAt.getTime()) / 60_000);
}

/** The "when" of a session: each reader's own zone where the platform can, else the session's zone. */
export function sessionTimeBlock(view: StudySessionView, timeZone = view.timeZone): ReplyBlock {
  return {
    type: "time",
    label: "When",
    at: view.startsAt.toISOString(),
    fallback: formatSessionTime(view.startsAt, timeZone),
  };
}

function detailFields(view: StudySessionView): ReplyBlock {
  const fields = [
    { label: "Course", value: view.courseName },
    { label: "Length", value: `${minutesOf(view)} min${view.weekly ? ", every week" : ""}` },
    ...(view.quizTitle ? [{ label: "Live quiz", value: view.quizTitle }] : []),
    ...(view.deckName ? [{ label: "Deck to review", value: view.deckName }] : []),
    { label: "Coming", value: `${view.going} going, ${view.maybe} maybe` },
  ];
  return { type: "fields", fields };
}

const STATUS_LINES: Record<StudySessionView["status"], string | null> = {
  SCHEDULED: null,
  OPEN: "Happening now: join in the session's thread.",
  ENDED: "This session is over; its summary is in the thread.",
  CANCELLED: "This session was cancelled.",
};

/**
 * The session's announcement in its channel (Slack's message; Discord's event description is its text):
 * what, when, who is coming, and Going / Maybe / Can't go while it is still ahead or happening.
 */
export function sessionAnnouncementReply(view: StudySessionView): Reply {
  const blocks: ReplyBlock[] = [
    { type: "text", text: `📅 **Study session: ${view.title}**` },
    sessionTimeBlock(view),
    detailFields(view),
  ];
  const status = STATUS_LINES[view.status];
  if (status)
    blocks.push({ type: "notice", tone: view.status === "CANCELLED" ? "warning" : "info", text: status });
  if (view.status === "SCHEDULED" || view.status === "OPEN") {
    blocks.push({
      type: "buttons",
      buttons: [
        {
          label: "Going",
          style: "primary",
          action: { kind: "session.rsvp", sessionId: view.id, choice: "GOING" },
        },
        { label: "Maybe", action: { kind: "session.rsvp", sessionId: view.id, choice: "MAYBE" } },
        { label: "Can't go", action: { kind: "session.rsvp", sessionId: view.id, choice: "NOT_GOING" } },
      ],
    });
  }
  return { visibility: "public", blocks };
}

/** The plain words of a session for places that take text only (Discord's event description). */
export function sessionDescription(view: StudySessionView): string {
  return [
    `${view.courseName}: ${minutesOf(view)} min${view.weekly ? ", every week" : ""}.`,
    view.quizTitle ? `Live quiz: ${view.quizTitle}.` : "",
    view.deckName ? `Deck to review: ${view.deckName}.` : "",
    "Mark yourself Interested to get reminders 24 hours and 15 minutes before.",
  ]
    .filter(Boolean)
    .join(" ");
}

/** The first message in the session's thread at its start, with "I'm here". */
export function sessionOpenReply(view: StudySessionView): Reply {
  const lines = [
    `🟢 **${view.title}** has started. Press **I'm here** to count as attending; answering the live quiz, practising or reviewing cards of ${view.courseName} during the session counts too.`,
  ];
  if (view.deckName) lines.push(`Deck to review together: **${view.deckName}**.`);
  return {
    visibility: "public",
    blocks: [
      { type: "text", text: lines.join("\n") },
      {
        type: "buttons",
        buttons: [
          { label: "I'm here", style: "primary", action: { kind: "session.join", sessionId: view.id } },
        ],
      },
    ],
  };
}

/** The summary posted in the thread at the end: who came, the quiz's results, what to review. */
export function sessionSummaryReply(view: StudySessionView, summary: SessionSummary): Reply {
  const came =
    summary.attendees.length === 0
      ? "Nobody was marked as attending."
      : `**Came (${summary.attendees.length}):** ${summary.attendees.map((a) => a.name).join(", ")}`;
  const blocks: ReplyBlock[] = [{ type: "text", text: `🏁 **${view.title}** is over.\n${came}` }];
  if (summary.quiz) {
    const top = summary.quiz.top.map((t, i) => `${i + 1}. ${t.name} (${t.score})`).join(", ");
    blocks.push({
      type: "text",
      text: `**Live quiz:** ${summary.quiz.players} played, average ${summary.quiz.averagePercent}% right${top ? `. Top: ${top}` : ""}.`,
    });
  }
  blocks.push({
    type: "text",
    text:
      summary.review.length > 0
        ? `**What to review:**\n${summary.review.map((r) => `- ${r}`).join("\n")}`
        : "**What to review:** nothing stood out; keep your cards going.",
  });
  return { visibility: "public", blocks };
}

/**
 * The private confirmation of a new session, in the scheduler's own zone; when that zone was not theirs
 * but UTC for want of one (`zoneGuessed`), it says so and how to set theirs.
 */
export function scheduledReply(view: StudySessionView & { zoneGuessed?: boolean }): Reply {
  const where = view.platform
    ? "Its announcement goes up in the channel now, with Going and Maybe."
    : "The course has no linked chat channel, so it shows on the course's Sessions page and calendar.";
  return {
    visibility: "private",
    blocks: [
      {
        type: "notice",
        tone: "info",
        text: `Scheduled “${view.title}” for ${formatSessionTime(view.startsAt, view.timeZone)}, ${minutesOf(view)} min${view.weekly ? ", every week" : ""}. ${where} Those going get reminders 24 hours and 15 minutes before.`,
      },
      ...(view.zoneGuessed
        ? [
            {
              type: "notice" as const,
              tone: "warning" as const,
              text: "That time was read as UTC because you have not set your time zone. If you meant another, set it (`study timezone America/Chicago`), cancel this one and schedule again.",
            },
          ]
        : []),
    ],
  };
}

/** The list of upcoming sessions, numbered for `session cancel <n>`, in the reader's zone. */
export function sessionsListReply(views: StudySessionView[], timeZone: string): Reply {
  if (views.length === 0) {
    return noticeReply(
      "info",
      'No study sessions are coming up. Schedule one with `session schedule "Week 3 review" thu 18:00`.',
    );
  }
  const lines = views.map((v, i) => {
    const mark = v.status === "OPEN" ? " (happening now)" : "";
    return `${i + 1}. **${v.title}**${mark}: ${formatSessionTime(v.startsAt, timeZone)}, ${v.courseName}, ${v.going} going`;
  });
  return {
    visibility: "private",
    blocks: [{ type: "text", text: `**Study sessions coming up**\n${lines.join("\n")}` }],
  };
}
