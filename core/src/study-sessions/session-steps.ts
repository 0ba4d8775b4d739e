import { z } from "zod";
import type { StudyHallDeps } from "../deps.ts";
import { isAppError } from "../errors/app-error.ts";
import { endStudySession } from "./end-session.ts";
import { scheduleNextOccurrence } from "./next-occurrence.ts";
import { sendSessionReminders } from "./send-session-reminders.ts";
import { sessionAnnouncementReply, sessionOpenReply, sessionSummaryReply } from "./session-replies.ts";
import { loadSessionView, loadSessionViews, type StudySessionView } from "./session-view.ts";
import type { StudySessionPort } from "./study-session-port.ts";

const stepPayload = z.object({
  sessionId: z.uuid(),
  step: z.enum(["announce", "remind-24h", "remind-15m", "open", "end", "update"]),
});

/** The `session.step` queue's handler, reading the ports when each job runs (front ends add theirs at start). */
export function studySessionJobHandler(deps: StudyHallDeps, ports: () => StudySessionPort[]) {
  return async (job: { payload: unknown }): Promise<void> => runSessionStep(deps, job.payload, ports());
}

/**
 * Runs one step of a study session. Core's part of each step (reminders stored, status, the next week's
 * occurrence, attendance, XP, the summary) happens once whatever retries; the platform's part goes
 * through the port of the session's platform and is retried by the job when it fails. A session in a
 * platform this process has no port for is retried, so a process that has one can take it.
 */
export async function runSessionStep(
  deps: StudyHallDeps,
  payload: unknown,
  ports: StudySessionPort[],
): Promise<void> {
  const parsed = stepPayload.safeParse(payload);
  if (!parsed.success) {
    deps.logger.warn({ issues: parsed.error.issues.length }, "study session step with a malformed payload");
    return;
  }
  const { sessionId, step } = parsed.data;
  const log = deps.logger.child({ sessionId, step, job: "session-step" });
  const [view] = await loadSessionViews(deps.db, { id: sessionId });
  if (!view) return;
  const port = view.platform ? ports.find((p) => p.platform === view.platform) : undefined;
  const needPort = (): StudySessionPort => {
    if (port) return port;
    throw new Error(`no ${view.platform} front end in this process for the session's ${step} step`);
  };
  switch (step) {
    case "announce":
      if (!view.platform || view.status === "CANCELLED") return;
      if (view.announcementRef) {
        await needPort().update(view, sessionAnnouncementReply(view));
        return;
      }
      {
        const { ref, messageRef } = await needPort().announce(view, sessionAnnouncementReply(view));
        await deps.db.studySession.update({
          where: { id: sessionId },
          data: { announcementRef: ref, messageRef: messageRef ?? null },
        });
        log.info({ platform: view.platform }, "study session announced");
      }
      return;
    case "update":
      if (view.platform && view.announcementRef)
        await needPort().update(view, sessionAnnouncementReply(view));
      return;
    case "remind-24h":
    case "remind-15m":
      await sendSessionReminders(deps, view, step);
      return;
    case "open":
      await openSession(deps, view, port, log);
      return;
    case "end": {
      const summary = await endStudySession(deps.db, sessionId, deps.clock());
      const ended = await loadSessionView(deps.db, sessionId);
      if (!ended.platform || ended.status !== "ENDED" || !ended.summary) return;
      if (summary) log.info({ attendees: summary.attendees.length }, "study session ended");
      const p = needPort();
      if (ended.threadRef) await p.postInThread(ended, sessionSummaryReply(ended, ended.summary));
      if (ended.announcementRef) await p.update(ended, sessionAnnouncementReply(ended));
      return;
    }
  }
}

/**
 * Opens a session once: OPEN (attendance counts from now), the next week's occurrence for a weekly
 * series, then the thread with "I'm here", the chosen live quiz started by the session's host, and the
 * announcement marked as happening. Each platform part is done only if its result is not yet stored,
 * so a retry continues where a failure stopped.
 */
async function openSession(
  deps: StudyHallDeps,
  view: StudySessionView,
  port: StudySessionPort | undefined,
  log: StudyHallDeps["logger"],
): Promise<void> {
  if (view.status === "CANCELLED" || view.status === "ENDED") return;
  const now = deps.clock();
  if (view.status === "SCHEDULED") {
    await deps.db.$transaction(async (tx) => {
      const claimed = await tx.studySession.updateMany({
        where: { id: view.id, status: "SCHEDULED" },
        data: { status: "OPEN", openedAt: now },
      });
      if (claimed.count === 1 && view.weekly) await scheduleNextOccurrence(tx, view.id, now);
    });
  }
  let current = await loadSessionView(deps.db, view.id);
  if (!current.platform) return;
  if (!port) throw new Error(`no ${current.platform} front end in this process to open the session`);
  if (!current.threadRef) {
    const { threadRef } = await port.open(current, sessionOpenReply(current));
    await deps.db.studySession.update({ where: { id: view.id }, data: { threadRef } });
  }
  if (current.quizId && !current.quizSessionId) {
    if (!current.host) {
      log.warn("the session's creator has no account on its platform to host the quiz; not started");
    } else {
      try {
        const started = await port.startQuiz(current, current.quizId);
        if (started) {
          await deps.db.studySession.update({
            where: { id: view.id },
            data: { quizSessionId: started.quizSessionId },
          });
        }
      } catch (error) {
        // A refusal (a game already running in the channel, the quiz no longer approved) is final: the
        // session goes on without its quiz. Anything else is retried.
        if (!isAppError(error)) throw error;
        log.warn({ err: error }, "the session's live quiz could not start");
      }
    }
  }
  current = await loadSessionView(deps.db, view.id);
  if (current.announcementRef) await port.update(current, sessionAnnouncementReply(current));
  log.info(
    { thread: Boolean(current.threadRef), quiz: Boolean(current.quizSessionId) },
    "study session opened",
  );
}
