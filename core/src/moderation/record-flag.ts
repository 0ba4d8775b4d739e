import type { Prisma } from "../db/open-database.ts";
import type { PrismaLike } from "../jobs/job-sql.ts";
import { scheduleJob } from "../jobs/schedule-job.ts";
import { notify } from "../notifications/notify.ts";
import { type ModerationAlertPayload, moderationAlertQueue } from "./alert-queue.ts";
import type { ModerationKind, ModerationResult } from "./moderator.ts";
import type { NotifiablePlatform } from "./staff-notifier.ts";

/** Staff see this much of the flagged text on the Flagged page; the rest is not kept. */
export const FLAG_EXCERPT_CHARS = 280;

/**
 * After an alert about a student, their further flags in the same course within this window are listed
 * but not alerted again (unless the new one is about self-harm and the earlier was not): a student
 * repeating themselves should not flood staff's DMs.
 */
export const ALERT_QUIET_MS = 15 * 60_000;

const NOTIFIABLE: NotifiablePlatform[] = ["SLACK", "DISCORD"];

export interface RecordFlagInput {
  courseId: string;
  userId: string;
  kind: ModerationKind;
  text: string;
  result: ModerationResult;
  /** The current time (tests pass their own). */
  now?: Date;
}

/**
 * Writes a ModerationFlag and, in the same transaction, one alert job per chat account of the course's
 * current staff (keyed by flag and account, so a retry never alerts twice), unless staff were alerted
 * about this student recently (see {@link ALERT_QUIET_MS}). Staff without a linked chat account see the
 * flag on the LMS page only. Returns the flag's id and how many alerts were queued.
 */
export async function recordModerationFlag(
  db: Prisma,
  input: RecordFlagInput,
): Promise<{ flagId: string; alerts: number }> {
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    const alertedRecently = await recentAlertedFlags(tx, input, now);
    const flag = await tx.moderationFlag.create({
      data: {
        courseId: input.courseId,
        userId: input.userId,
        kind: input.kind === "question" ? "QUESTION" : "ANSWER",
        categories: input.result.categories,
        selfHarm: input.result.selfHarm,
        source: input.result.source,
        excerpt: excerpt(input.text),
        createdAt: now,
      },
    });
    if (alertedRecently > 0) return { flagId: flag.id, alerts: 0 };
    await notifyStaffInboxes(tx, { ...flag, categories: input.result.categories }, now);
    const recipients = await tx.identity.findMany({
      where: {
        platform: { in: NOTIFIABLE },
        user: { enrollments: { some: { courseId: input.courseId, role: "STAFF", removedAt: null } } },
      },
      select: { id: true, platform: true },
      orderBy: { id: "asc" },
    });
    for (const recipient of recipients) {
      const payload: ModerationAlertPayload = { flagId: flag.id, identityId: recipient.id };
      await scheduleJob(tx, {
        queue: moderationAlertQueue(recipient.platform as NotifiablePlatform),
        payload: { ...payload },
        key: `moderation:alert:${flag.id}:${recipient.id}`,
      });
    }
    return { flagId: flag.id, alerts: recipients.length };
  });
}

/**
 * The student's open flags in the course, from the quiet window, that queued alerts (their jobs are
 * kept for days after they ran, see prune-jobs.ts). Counting flags that were themselves kept quiet
 * would let a student who keeps writing every few minutes go unalerted for as long as they do.
 */
async function recentAlertedFlags(tx: PrismaLike, input: RecordFlagInput, now: Date): Promise<number> {
  const since = new Date(now.getTime() - ALERT_QUIET_MS);
  const queues = NOTIFIABLE.map(moderationAlertQueue);
  const [row] = await tx.$queryRaw<Array<{ alerted: number }>>`
    SELECT COUNT(*)::int AS "alerted" FROM "ModerationFlag" f
    WHERE f."courseId" = ${input.courseId}::uuid AND f."userId" = ${input.userId}::uuid
      AND f."status" = 'OPEN' AND f."createdAt" >= ${since}::timestamp
      AND (f."selfHarm" OR NOT ${input.result.selfHarm})
      AND EXISTS (
        SELECT 1 FROM "ScheduledJob" j
        WHERE j."queue" = ANY(${queues}::text[]) AND j."payload"->>'flagId' = f."id"::text)`;
  return row?.alerted ?? 0;
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= FLAG_EXCERPT_CHARS ? flat : `${flat.slice(0, FLAG_EXCERPT_CHARS - 1)}…`;
}

/**
 * The flag in every current staff member's inbox (with or without a chat account), kept as sent: the
 * alert DMs above go out at once, never held by pacing or quiet hours, and the inbox only records it.
 * The flagged words and the student's name stay on the Flagged page.
 */
async function notifyStaffInboxes(
  tx: Parameters<Parameters<Prisma["$transaction"]>[0]>[0],
  flag: {
    id: string;
    courseId: string;
    kind: "QUESTION" | "ANSWER";
    selfHarm: boolean;
    categories: string[];
  },
  now: Date,
): Promise<void> {
  const course = await tx.course.findUniqueOrThrow({ where: { id: flag.courseId }, select: { name: true } });
  const staff = await tx.enrollment.findMany({
    where: { courseId: flag.courseId, role: "STAFF", removedAt: null },
    select: { userId: true },
  });
  const what = flag.kind === "QUESTION" ? "A question to the tutor" : "A tutor answer";
  await notify(
    tx,
    staff.map((s) => ({
      userId: s.userId,
      courseId: flag.courseId,
      kind: "MODERATION_FLAG" as const,
      title: flag.selfHarm ? `A student in ${course.name} may need support now` : `Flagged in ${course.name}`,
      body: `${what} was flagged (${flag.categories.join(", ") || "flagged"}). Review it in the course's Flagged list on the LMS page.`,
      sourceKey: flag.id,
    })),
    { now, deliver: false },
  );
}
