import { z } from "zod";
import type { StudyHallDeps } from "../deps.ts";
import type { StudyNudgeSender } from "../flashcards/nudge/study-nudge-sender.ts";
import { utcTimestamp } from "../jobs/job-sql.ts";
import { notificationMessageReply } from "./notification-message.ts";
import { scheduleDelivery } from "./notify.ts";
import { deliveryTimingOf, type NotificationSettingsRow } from "./settings-row.ts";

export { NOTIFY_QUEUE } from "./notify-queue.ts";

const deliveryPayload = z.object({ userId: z.uuid(), runAt: z.iso.datetime().optional() });

interface ClaimedNotification {
  id: string;
  title: string;
  body: string;
}

type Outcome =
  | { kind: "claimed"; items: ClaimedNotification[]; previous: Date | null }
  | { kind: "later"; at: Date }
  | { kind: "nothing" };

/**
 * The delivery job's handler (queue NOTIFY_QUEUE): sends a person's unsent notifications as one DM on
 * the chat platform they used last (the Identity with the latest `lastSeenAt` among the platforms this
 * process has senders for). Exactly once across processes: in one transaction it locks the person's
 * StudySettings row, checks the pace (one message a minute, quiet hours, digest hour), claims every
 * unsent notification of a kind that is on (setting `sentAt`) and sets `lastNotifiedAt`; then it sends.
 * A failed send gives the claimed rows back (and the pace) and rethrows, so the job's retry sends them.
 * Too early, it schedules itself for the time pacing allows. Nobody to reach here (no sender, no chat
 * identity): the notifications wait in the inbox.
 */
export async function runNotificationDelivery(
  deps: StudyHallDeps,
  payload: unknown,
  senders: StudyNudgeSender[],
): Promise<void> {
  const parsed = deliveryPayload.safeParse(payload);
  if (!parsed.success) {
    deps.logger.warn(
      { issues: parsed.error.issues.length },
      "notification delivery with a malformed payload",
    );
    return;
  }
  const { userId, runAt } = parsed.data;
  const log = deps.logger.child({ userId, job: "notify-deliver" });
  const platforms = [...new Set(senders.map((s) => s.platform))];
  const identity =
    platforms.length === 0
      ? null
      : await deps.db.identity.findFirst({
          where: { userId, platform: { in: platforms } },
          orderBy: [{ lastSeenAt: "desc" }, { createdAt: "desc" }],
          select: { platform: true, tenant: true, externalId: true },
        });
  const sender = identity ? senders.find((s) => s.platform === identity.platform) : undefined;
  if (!identity || !sender) {
    log.info({ platforms: platforms.length }, "no chat to deliver notifications to; they stay in the inbox");
    return;
  }
  // Never earlier than the job's own time: a clock a little behind the database's must not see the job
  // as early and reschedule it under its own (already used) key, which would strand the notifications.
  const clock = deps.clock();
  const now = runAt && Date.parse(runAt) > clock.getTime() ? new Date(Date.parse(runAt)) : clock;
  const outcome = await claimDue(deps, userId, now);
  if (outcome.kind === "later") {
    log.debug({ at: outcome.at.toISOString() }, "notification delivery waits for its pace");
    return;
  }
  if (outcome.kind === "nothing") return;
  try {
    await sender.send({
      tenant: identity.tenant,
      externalId: identity.externalId,
      reply: notificationMessageReply(outcome.items),
    });
  } catch (error) {
    await release(deps, userId, now, outcome);
    log.warn({ err: error, count: outcome.items.length }, "notification message failed; it will be retried");
    throw error;
  }
  log.info({ platform: identity.platform, count: outcome.items.length }, "notifications sent");
}

/** The lock, the pace check and the claim, in one transaction. */
async function claimDue(deps: StudyHallDeps, userId: string, now: Date): Promise<Outcome> {
  return deps.db.$transaction(async (tx) => {
    // A row to lock even for a person who never changed a setting (their defaults are the columns').
    await tx.$executeRaw`
      INSERT INTO "StudySettings" ("userId", "updatedAt") VALUES (${userId}::uuid, ${utcTimestamp(now)})
      ON CONFLICT ("userId") DO NOTHING`;
    const [settings] = await tx.$queryRaw<NotificationSettingsRow[]>`
      SELECT "notificationsOff"::text[] AS "notificationsOff", "notificationDigest", "digestHour",
             "lastNotifiedAt", "timeZone", "quietStartHour", "quietEndHour"
      FROM "StudySettings" WHERE "userId" = ${userId}::uuid FOR UPDATE`;
    if (!settings) return { kind: "nothing" };
    const at = deliveryTimingOf(settings, now);
    if (at.getTime() > now.getTime()) {
      await scheduleDelivery(tx, { userId, now, settings });
      return { kind: "later", at };
    }
    const items = await tx.$queryRaw<(ClaimedNotification & { createdAt: Date })[]>`
      UPDATE "Notification" SET "sentAt" = ${utcTimestamp(now)}
      WHERE "userId" = ${userId}::uuid AND "sentAt" IS NULL
        AND NOT ("kind"::text = ANY(${settings.notificationsOff ?? []}::text[]))
      RETURNING "id", "title", "body", "createdAt"`;
    if (items.length === 0) return { kind: "nothing" };
    await tx.$executeRaw`
      UPDATE "StudySettings" SET "lastNotifiedAt" = ${utcTimestamp(now)} WHERE "userId" = ${userId}::uuid`;
    items.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
    return { kind: "claimed", items, previous: settings.lastNotifiedAt };
  });
}

/** Gives a failed message's notifications back, and its place in the pace, for the retry. */
async function release(
  deps: StudyHallDeps,
  userId: string,
  now: Date,
  outcome: { items: ClaimedNotification[]; previous: Date | null },
): Promise<void> {
  const ids = outcome.items.map((i) => i.id);
  await deps.db.$transaction([
    deps.db.$executeRaw`UPDATE "Notification" SET "sentAt" = NULL WHERE "id" = ANY(${ids}::uuid[])`,
    // Only when no later message has moved it on since.
    deps.db.$executeRaw`
      UPDATE "StudySettings" SET "lastNotifiedAt" = ${outcome.previous ? utcTimestamp(outcome.previous) : null}
      WHERE "userId" = ${userId}::uuid AND "lastNotifiedAt" = ${utcTimestamp(now)}`,
  ]);
}

/** The delivery queue's job handler, reading the senders when each job runs (front ends add theirs at start). */
export function notificationJobHandler(deps: StudyHallDeps, senders: () => StudyNudgeSender[]) {
  return async (job: { payload: unknown }): Promise<void> =>
    runNotificationDelivery(deps, job.payload, senders());
}
