import { z } from "zod";
import type { StudyHallDeps } from "../../deps.ts";
import type { Reply } from "../../reply/reply.ts";
import { dueCounts } from "../review-queue.ts";
import { scheduleNextNudge } from "./schedule-next-nudge.ts";
import type { StudyNudgeSender } from "./study-nudge-sender.ts";

const nudgePayload = z.object({ userId: z.uuid(), day: z.string(), runAt: z.iso.datetime().optional() });

const count = (n: number, one: string) => `${n.toLocaleString("en-US")} ${one}${n === 1 ? "" : "s"}`;

/** The nudge itself: how many cards wait, and one button that starts the review. */
export function studyNudgeReply(counts: { dueNow: number; dueToday: number }): Reply {
  const later = counts.dueToday - counts.dueNow;
  const text = [
    `**${count(counts.dueNow, "flashcard")} ${counts.dueNow === 1 ? "is" : "are"} due.**`,
    later > 0 ? ` ${count(later, "more")} come${later === 1 ? "s" : ""} due before the day ends.` : "",
    "\nA few minutes now keeps them fresh. Turn this daily reminder off with `study nudge off`.",
  ].join("");
  return {
    visibility: "private",
    blocks: [
      { type: "text", text },
      {
        type: "buttons",
        buttons: [{ label: "Review now", style: "primary", action: { kind: "card.review", courseId: "" } }],
      },
    ],
  };
}

/**
 * The daily nudge job's handler (queue STUDY_NUDGE_QUEUE). It re-reads the person's settings (opted out
 * since: nothing), schedules the next day's nudge, then, when cards are due, sends one DM through the
 * sender of the chat platform the person used last among those this process serves (the Identity with the
 * latest `lastSeenAt`). A person with no chat identity, or nothing due, gets no message. The job's key
 * (one per local day) keeps it to one message a day; a failed send throws, and the job is retried.
 */
export async function runStudyNudge(
  deps: StudyHallDeps,
  payload: unknown,
  senders: StudyNudgeSender[],
): Promise<void> {
  const parsed = nudgePayload.safeParse(payload);
  if (!parsed.success) {
    deps.logger.warn({ issues: parsed.error.issues.length }, "study nudge job with a malformed payload");
    return;
  }
  const { userId, day, runAt } = parsed.data;
  const log = deps.logger.child({ userId, day, job: "study-nudge" });
  const settings = await deps.db.studySettings.findUnique({ where: { userId } });
  if (!settings?.nudgeEnabled) return;
  // Never earlier than this job's own time, so a clock a little behind the database's cannot see this
  // job as still ahead and schedule today's nudge again.
  const clock = deps.clock();
  const now = runAt && Date.parse(runAt) > clock.getTime() ? new Date(Date.parse(runAt) + 1) : clock;
  // The next day first: a send that fails retries this job, and the daily chain never breaks.
  await scheduleNextNudge(deps.db, { userId, now });
  const platforms = [...new Set(senders.map((s) => s.platform))];
  if (platforms.length === 0) {
    log.warn("no chat front end gives a nudge sender; the nudge is skipped");
    return;
  }
  const identity = await deps.db.identity.findFirst({
    where: { userId, platform: { in: platforms } },
    orderBy: [{ lastSeenAt: "desc" }, { createdAt: "desc" }],
    select: { platform: true, tenant: true, externalId: true },
  });
  if (!identity) {
    log.info("no chat identity to nudge");
    return;
  }
  const actor = { platform: identity.platform, tenant: identity.tenant, externalId: identity.externalId };
  const counts = await dueCounts(deps.db, { actor, courseId: null, now });
  if (counts.dueNow === 0) return;
  const sender = senders.find((s) => s.platform === identity.platform);
  if (!sender) return;
  await sender.send({
    tenant: identity.tenant,
    externalId: identity.externalId,
    reply: studyNudgeReply(counts),
  });
  log.info({ platform: identity.platform, due: counts.dueNow }, "study nudge sent");
}

/** The nudge queue's job handler, reading the senders when each job runs (front ends add theirs at start). */
export function studyNudgeJobHandler(deps: StudyHallDeps, senders: () => StudyNudgeSender[]) {
  return async (job: { payload: unknown }): Promise<void> => runStudyNudge(deps, job.payload, senders());
}
