import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { NotificationKind } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { scheduleJob } from "../jobs/schedule-job.ts";
import { NOTIFY_QUEUE } from "./notify-queue.ts";
import { deliveryTimingOf, type NotificationSettingsRow, readNotificationSettings } from "./settings-row.ts";

/** The client or a transaction: what storing notifications and scheduling their delivery touch. */
export type NotifyDb = Pick<
  Prisma,
  "notification" | "studySettings" | "identity" | "$executeRaw" | "$queryRaw"
>;

/**
 * Attempts of one delivery job before it gives up (its notifications wait in the inbox). A platform's
 * rate limit hands the job back with its wait (RetryLater), which counts too, so a throttled burst
 * needs more than a failing send would.
 */
const DELIVERY_MAX_ATTEMPTS = 30;

/** The platforms a notification can be sent on: a DM in a chat. */
const CHAT_PLATFORMS = ["SLACK", "DISCORD"] as const;

/** One notification for one person. */
export interface NotificationInput {
  userId: string;
  /** The course it is about, if any (it goes with the course when the course is deleted). */
  courseId: string | null;
  kind: NotificationKind;
  /** One line: what happened. */
  title: string;
  /** A sentence or two more. */
  body: string;
  /** What it is about, unique per person and kind: the same source never notifies twice. */
  sourceKey: string;
}

const kinds = ["CARDS_DUE", "SESSION_REMINDER", "QUIZ_RESULT", "GRADE_SENT", "MODERATION_FLAG"] as const;

const notifyInput = z.object({
  items: z.array(
    z.object({
      userId: z.uuid(),
      courseId: z.uuid().nullable(),
      kind: z.enum(kinds),
      title: z.string().trim().min(1).max(300),
      body: z.string().max(2000),
      sourceKey: z.string().min(1).max(500),
    }),
  ),
  now: z.date(),
});

/** The key prefix of one person's delivery jobs; the due time (ms) and, for a stored batch, a random id follow. */
export const deliveryKeyPrefix = (userId: string) => `notify:${userId}:`;

/**
 * Stores notifications in their people's inboxes and schedules a delivery job for each person with
 * something new to send and a chat account to send it to (the others read it in the LMS page's inbox). A notification already stored for the same (person, kind, sourceKey) is
 * skipped, so a retried job or a repeated event never notifies twice. A kind the person turned off is
 * stored (it shows in their inbox) with `sentAt` already set, so no chat message ever carries it.
 * The delivery runs when pacing allows (nextDeliveryAt); items arriving within the same minute go in one
 * message. Each call schedules its own job in the same statement order as the rows, so in a caller's
 * transaction the job becomes visible exactly when the notifications do (a job shared by key with an
 * earlier call could run before this transaction commits and miss them). Pass a transaction to store
 * them with the change that caused them.
 *
 * @returns how many were newly stored
 */
export async function notify(
  db: NotifyDb,
  items: NotificationInput[],
  options: {
    now: Date;
    /**
     * false: the caller tells the person its own way (an urgent moderation alert goes out at once,
     * without pacing or quiet hours), so the notifications are kept in the inbox as already sent.
     */
    deliver?: boolean;
  },
): Promise<number> {
  const input = parseUseCaseInput(notifyInput, { items, now: options.now });
  if (input.items.length === 0) return 0;
  const now = input.now;
  const userIds = [...new Set(input.items.map((i) => i.userId))];
  const settings = await readNotificationSettings(db, userIds);
  const isOff = (item: { userId: string; kind: NotificationKind }) =>
    options.deliver === false || (settings.get(item.userId)?.notificationsOff.includes(item.kind) ?? false);
  const created = await db.notification.createManyAndReturn({
    data: input.items.map((item) => ({ ...item, createdAt: now, sentAt: isOff(item) ? now : null })),
    skipDuplicates: true,
    select: { userId: true, kind: true },
  });
  const toDeliver = await reachableInChat(
    db,
    new Set(created.filter((row) => !isOff(row)).map((row) => row.userId)),
  );
  await scheduleOwnDeliveries(
    db,
    toDeliver.map((userId) => ({ userId, runAt: deliveryTimingOf(settings.get(userId) ?? null, now) })),
  );
  return created.length;
}

/**
 * One delivery job of its own per person (a new batch), all in one statement: a session's reminder to
 * a thousand people is one INSERT, not a thousand (each person's job keeps the key scheduleDelivery
 * would give it, so the two agree).
 */
async function scheduleOwnDeliveries(
  db: Pick<Prisma, "$executeRaw">,
  jobs: Array<{ userId: string; runAt: Date }>,
): Promise<void> {
  if (jobs.length === 0) return;
  // Zone-less UTC text, as Prisma stores DateTime in TIMESTAMP(3) columns.
  const utc = (date: Date) => date.toISOString().replace("Z", "");
  await db.$executeRaw`
    INSERT INTO "ScheduledJob" ("id", "queue", "key", "payload", "runAt", "maxAttempts")
    SELECT j."id", ${NOTIFY_QUEUE}, j."key", j."payload", j."runAt", ${DELIVERY_MAX_ATTEMPTS}
    FROM unnest(
      ${jobs.map(() => randomUUID())}::uuid[],
      ${jobs.map((j) => `${deliveryKeyPrefix(j.userId)}${j.runAt.getTime()}:${randomUUID()}`)}::text[],
      ${jobs.map((j) => JSON.stringify({ userId: j.userId, runAt: j.runAt.toISOString() }))}::jsonb[],
      ${jobs.map((j) => utc(j.runAt))}::timestamp[]
    ) AS j("id", "key", "payload", "runAt")
    ON CONFLICT ("key") DO NOTHING`;
}

/**
 * The people among `userIds` who have a chat account to DM. Someone only on the LMS page reads their
 * inbox there: a delivery job for them could never send, and in a deployment without chat front ends
 * nothing would ever run it.
 */
async function reachableInChat(db: NotifyDb, userIds: Set<string>): Promise<string[]> {
  if (userIds.size === 0) return [];
  const rows = await db.identity.findMany({
    where: { userId: { in: [...userIds] }, platform: { in: [...CHAT_PLATFORMS] } },
    select: { userId: true },
    distinct: ["userId"],
  });
  return rows.map((r) => r.userId);
}

/**
 * Schedules a delivery job of the person for when pacing next allows a message, and returns that time.
 * `own`: a job of its own (a new batch). Otherwise one job per person and time: a job already waiting
 * for that time (not yet running) is enough. The delivery checks the pace again under a lock, so a job
 * that runs early only reschedules itself.
 */
export async function scheduleDelivery(
  db: Pick<Prisma, "$executeRaw" | "$queryRaw">,
  input: { userId: string; now: Date; settings: NotificationSettingsRow | null; own?: boolean },
): Promise<Date> {
  const runAt = deliveryTimingOf(input.settings, input.now);
  const shared = `${deliveryKeyPrefix(input.userId)}${runAt.getTime()}`;
  const job = (key: string) => ({
    queue: NOTIFY_QUEUE,
    key,
    payload: { userId: input.userId, runAt: runAt.toISOString() },
    runAt,
    maxAttempts: DELIVERY_MAX_ATTEMPTS,
  });
  if (!input.own && (await scheduleJob(db, job(shared)))) return runAt;
  if (!input.own) {
    // The key is taken: by a job still waiting (it will send ours too), or by one that already ran or
    // is running now (it may have claimed before our rows existed), which needs a job of our own.
    const [waiting] = await db.$queryRaw<{ n: number }[]>`
      SELECT 1 AS "n" FROM "ScheduledJob"
      WHERE "key" = ${shared} AND "doneAt" IS NULL AND "failedAt" IS NULL AND "lockedBy" IS NULL`;
    if (waiting) return runAt;
  }
  await scheduleJob(db, job(`${shared}:${randomUUID()}`));
  return runAt;
}
