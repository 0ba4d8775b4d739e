import type { StudyHallDeps } from "../deps.ts";
import { parseFrontDoorCommand } from "../errors/parse-input.ts";
import { resolveUser } from "../people/resolve-user.ts";
import type { Reply } from "../reply/reply.ts";
import { noticeReply } from "../reply/reply.ts";
import { calendarFeedLink, revokeCalendarFeed } from "./calendar-feeds.ts";
import { cancelStudySession } from "./cancel-session.ts";
import { listStudySessions } from "./list-sessions.ts";
import { scheduleStudySession } from "./schedule-session.ts";
import { type SessionPlace, sessionMember } from "./session-member.ts";
import { scheduledReply, sessionsListReply } from "./session-replies.ts";
import { SCHEDULE_USAGE, type SessionsCommand, sessionsCommandSchema } from "./sessions-command.ts";

/**
 * Runs one study-session command for whoever asked, on any front end: schedule (confirmed privately;
 * the announcement follows from the session's own job), list, cancel, and the calendar address. Every
 * refusal is an AppError with a sentence for the person.
 */
export async function runSessionsCommand(
  deps: StudyHallDeps,
  input: SessionPlace & { command: SessionsCommand },
): Promise<Reply> {
  const command = parseFrontDoorCommand(sessionsCommandSchema, input.command, "session");
  switch (command.name) {
    case "schedule": {
      const { name: _name, ...fields } = command;
      return scheduledReply(await scheduleStudySession(deps, { ...input, ...fields }));
    }
    case "schedule.form":
      return noticeReply("info", `Schedule a study session with ${SCHEDULE_USAGE}`);
    case "list": {
      const views = await listStudySessions(deps, input);
      return sessionsListReply(views, await timeZoneOf(deps, input));
    }
    case "cancel": {
      const view = await cancelStudySession(deps, { ...input, session: command.session });
      return noticeReply(
        "info",
        `Cancelled “${view.title}”. Its reminders will not go out, and its announcement says so.`,
      );
    }
    case "calendar":
      return calendarReply(deps, input, command);
  }
}

async function calendarReply(
  deps: StudyHallDeps,
  input: SessionPlace,
  command: Extract<SessionsCommand, { name: "calendar" }>,
): Promise<Reply> {
  const courseId = command.scope === "course" ? (await sessionMember(deps.db, input)).courseId : null;
  const whose = courseId ? "The course's calendar" : "Your calendar";
  if (command.action === "off") {
    const was = await revokeCalendarFeed(deps, { actor: input.actor, courseId });
    return noticeReply(
      "info",
      was
        ? `${whose} link is off: calendars subscribed to it stop updating. \`calendar${courseId ? " course" : ""}\` makes a new one.`
        : `${whose} had no link to turn off.`,
    );
  }
  const { url } = await calendarFeedLink(deps, {
    actor: input.actor,
    courseId,
    renew: command.action === "renew",
  });
  const scope = courseId ? "the course's study sessions" : "the study sessions of all your courses";
  return {
    visibility: "private",
    blocks: [
      { type: "text", text: `📆 **${whose}** (${scope}):\n${url}` },
      {
        type: "text",
        text: `Subscribe to it in Google Calendar (Other calendars → From URL) or Outlook (Add calendar → Subscribe from web). Anyone with the link sees these sessions, so keep it to yourself${courseId ? " and the class" : ""}. \`calendar${courseId ? " course" : ""} new\` replaces it, \`calendar${courseId ? " course" : ""} off\` turns it off.`,
      },
    ],
  };
}

async function timeZoneOf(deps: StudyHallDeps, input: SessionPlace): Promise<string> {
  const { userId } = await resolveUser(deps.db, input.actor);
  const settings = await deps.db.studySettings.findUnique({ where: { userId }, select: { timeZone: true } });
  return settings?.timeZone ?? "UTC";
}
