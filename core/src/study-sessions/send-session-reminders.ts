import type { StudyHallDeps } from "../deps.ts";
import { notify } from "../notifications/notify.ts";
import { formatSessionTime } from "./format-session-time.ts";
import type { StudySessionView } from "./session-view.ts";

const LEAD_WORDS = { "remind-24h": "in 24 hours", "remind-15m": "in 15 minutes" } as const;

/**
 * A session's reminder to everyone going, as SESSION_REMINDER notifications: each person's inbox, then
 * their chat DM through notification delivery (their kinds, quiet hours, digest and the one-a-minute
 * pace apply). Each reminder is stored once per person (its source key), so a retried step notifies
 * nobody twice. The time is written in each person's own zone.
 *
 * @returns how many reminders were newly stored
 */
export async function sendSessionReminders(
  deps: StudyHallDeps,
  view: StudySessionView,
  step: keyof typeof LEAD_WORDS,
): Promise<number> {
  if (view.status !== "SCHEDULED") return 0;
  const going = await deps.db.studySessionRsvp.findMany({
    where: { sessionId: view.id, status: "GOING", user: { anonymous: false } },
    select: { userId: true, user: { select: { studySettings: { select: { timeZone: true } } } } },
  });
  const where = view.platform ? " It opens in the course's chat channel, in the session's thread." : "";
  const items = going.map((g) => ({
    userId: g.userId,
    courseId: view.courseId,
    kind: "SESSION_REMINDER" as const,
    title: `“${view.title}” starts ${LEAD_WORDS[step]}`,
    body: `${formatSessionTime(view.startsAt, g.user.studySettings?.timeZone ?? "UTC")}, ${view.courseName}.${view.quizTitle ? ` Live quiz: ${view.quizTitle}.` : ""}${where}`,
    sourceKey: `${view.id}:${step}`,
  }));
  const stored = await notify(deps.db, items, { now: deps.clock() });
  deps.logger.info({ sessionId: view.id, step, going: going.length, stored }, "study session reminders");
  return stored;
}
