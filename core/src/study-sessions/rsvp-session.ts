import type { StudyHallDeps } from "../deps.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import type { Actor } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import type { Reply, ReplyAction } from "../reply/reply.ts";
import { noticeReply } from "../reply/reply.ts";
import { formatSessionTime } from "./format-session-time.ts";
import { memberOfCourse, type SessionPlace } from "./session-member.ts";
import { sessionAnnouncementReply } from "./session-replies.ts";
import { loadSessionView, loadSessionViews, type RsvpChoice, type StudySessionView } from "./session-view.ts";

/** What a session button answers: a private note to the clicker, and the announcement to show again. */
export interface SessionActionResult {
  notice: Reply;
  /** The announcement with new counts, for the front end to edit the clicked message; null: unchanged. */
  announcement: Reply | null;
  session: StudySessionView;
}

/**
 * A session button, on any front end: Going / Maybe / Can't go (`session.rsvp`) and "I'm here"
 * (`session.join`). Only members of the session's course (joining it in its own channel, as every chat
 * command does); an RSVP while the session is ahead or happening, "I'm here" only while it is open.
 */
export async function handleSessionAction(
  deps: StudyHallDeps,
  input: SessionPlace & { action: ReplyAction },
): Promise<SessionActionResult> {
  const { action } = input;
  if (action.kind !== "session.rsvp" && action.kind !== "session.join") {
    throw new AppError(ErrorCode.InvalidInput, "not a session action", { details: { kind: action.kind } });
  }
  const view = await loadSessionView(deps.db, action.sessionId);
  const member = await memberOfCourse(deps.db, input, view.courseId);
  const now = deps.clock();
  if (action.kind === "session.join") {
    if (view.status !== "OPEN") {
      throw new AppError(ErrorCode.Conflict, "session not open", {
        userMessage:
          view.status === "SCHEDULED"
            ? "This session has not started yet. Come back when it opens."
            : "This session is over, so attendance is closed.",
      });
    }
    await deps.db.studySessionAttendance.createMany({
      data: [{ sessionId: view.id, userId: member.userId, kind: "JOINED", at: now }],
      skipDuplicates: true,
    });
    return {
      notice: noticeReply("info", `You are marked here for “${view.title}”. Have a good session!`),
      announcement: null,
      session: view,
    };
  }
  const updated = await setRsvp(deps, view, member.userId, action.choice);
  const timeZone =
    (await deps.db.studySettings.findUnique({ where: { userId: member.userId }, select: { timeZone: true } }))
      ?.timeZone ?? "UTC";
  return {
    notice: rsvpNotice(updated, action.choice, timeZone),
    announcement: sessionAnnouncementReply(updated),
    session: updated,
  };
}

/**
 * Discord's "Interested" on the Guild Scheduled Event of a session: GOING, and taking it back clears the
 * answer. An event StudyHall did not make is none of its business (null). Only members of the course.
 */
export async function rsvpByAnnouncement(
  deps: StudyHallDeps,
  input: {
    actor: Actor;
    platform: "DISCORD" | "SLACK";
    tenant: string;
    ref: string;
    choice: RsvpChoice | null;
  },
): Promise<StudySessionView | null> {
  const [view] = await loadSessionViews(deps.db, {
    platform: input.platform,
    tenant: input.tenant,
    announcementRef: input.ref,
  });
  if (!view) return null;
  const member = await memberOfCourse(
    deps.db,
    { actor: input.actor, space: null, courseId: view.courseId },
    view.courseId,
  ).catch(() => null);
  if (!member) {
    deps.logger.info({ sessionId: view.id }, "RSVP by someone not in the session's course ignored");
    return view;
  }
  if (input.choice === null) {
    await deps.db.studySessionRsvp.deleteMany({ where: { sessionId: view.id, userId: member.userId } });
    return loadSessionView(deps.db, view.id);
  }
  return setRsvp(deps, view, member.userId, input.choice);
}

async function setRsvp(
  deps: StudyHallDeps,
  view: StudySessionView,
  userId: string,
  choice: RsvpChoice,
): Promise<StudySessionView> {
  if (view.status === "ENDED" || view.status === "CANCELLED") {
    throw new AppError(ErrorCode.Conflict, "session closed for RSVPs", {
      userMessage: view.status === "ENDED" ? "This session is already over." : "This session was cancelled.",
    });
  }
  await deps.db.studySessionRsvp.upsert({
    where: { sessionId_userId: { sessionId: view.id, userId } },
    create: { sessionId: view.id, userId, status: choice },
    update: { status: choice },
  });
  return loadSessionView(deps.db, view.id);
}

function rsvpNotice(view: StudySessionView, choice: RsvpChoice, timeZone: string): Reply {
  const when = formatSessionTime(view.startsAt, timeZone);
  const text = {
    GOING: `You're going to “${view.title}” (${when}). You'll get reminders 24 hours and 15 minutes before.`,
    MAYBE: `Marked maybe for “${view.title}” (${when}). Press Going to get reminders.`,
    NOT_GOING: `Noted: you can't make “${view.title}”. No reminders for it.`,
  }[choice];
  return noticeReply("info", text);
}

/** The person's own RSVP, for pages that show which button is pressed. */
export async function myRsvps(
  deps: StudyHallDeps,
  actor: Actor,
  sessionIds: string[],
): Promise<Map<string, RsvpChoice>> {
  if (sessionIds.length === 0) return new Map();
  const { userId } = await resolveUser(deps.db, actor);
  const rows = await deps.db.studySessionRsvp.findMany({
    where: { userId, sessionId: { in: sessionIds } },
    select: { sessionId: true, status: true },
  });
  return new Map(rows.map((r) => [r.sessionId, r.status]));
}
