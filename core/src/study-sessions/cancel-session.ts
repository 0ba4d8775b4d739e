import type { StudyHallDeps } from "../deps.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { listStudySessions } from "./list-sessions.ts";
import { memberOfCourse, type SessionPlace } from "./session-member.ts";
import { cancelSessionSteps, scheduleStep } from "./session-steps-schedule.ts";
import { loadSessionView, type StudySessionView } from "./session-view.ts";

/**
 * Cancels a session that has not ended: its course's staff or whoever scheduled it. Its waiting steps
 * (reminders, start, end) are cancelled in the same transaction, and an `update` step marks the
 * announcement cancelled on its platform. For a weekly series this is the end of the series: the next
 * week is made only when a session opens. `session` is an id or the number `session list` showed.
 */
export async function cancelStudySession(
  deps: StudyHallDeps,
  input: SessionPlace & { session: string },
): Promise<StudySessionView> {
  const { db } = deps;
  const id = await resolveSessionId(deps, input);
  const view = await loadSessionView(db, id);
  const member = await memberOfCourse(db, input, view.courseId);
  const creator = await db.studySession.findUniqueOrThrow({ where: { id }, select: { createdById: true } });
  if (member.role !== "STAFF" && creator.createdById !== member.userId) {
    throw new AppError(ErrorCode.Forbidden, "only staff or the scheduler may cancel", {
      userMessage: "Only course staff or the person who scheduled it can cancel this session.",
    });
  }
  if (view.status === "ENDED" || view.status === "CANCELLED") {
    throw new AppError(ErrorCode.Conflict, "session already over", {
      userMessage:
        view.status === "ENDED" ? "This session is already over." : "This session was already cancelled.",
    });
  }
  const now = deps.clock();
  await db.$transaction(async (tx) => {
    await tx.studySession.update({ where: { id }, data: { status: "CANCELLED", endedAt: now } });
    await cancelSessionSteps(tx, id);
    await scheduleStep(tx, id, "update", now);
  });
  deps.logger.info({ sessionId: id, courseId: view.courseId }, "study session cancelled");
  return loadSessionView(db, id);
}

async function resolveSessionId(
  deps: StudyHallDeps,
  input: SessionPlace & { session: string },
): Promise<string> {
  const text = input.session.trim();
  if (/^\d{1,3}$/.test(text)) {
    const listed = await listStudySessions(deps, input);
    const chosen = listed[Number(text) - 1];
    if (!chosen) {
      throw new AppError(ErrorCode.NotFound, "no session with that number", {
        userMessage: `There is no session number ${text}. \`session list\` shows the numbers.`,
      });
    }
    return chosen.id;
  }
  if (!/^[0-9a-f-]{36}$/i.test(text)) {
    throw new AppError(ErrorCode.InvalidInput, "session reference unreadable", {
      userMessage: "Name the session by its number in `session list`.",
    });
  }
  return text;
}
