import type { Prisma } from "../db/open-database.ts";
import { scheduleJob } from "../jobs/schedule-job.ts";
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
    const alertedRecently = await tx.moderationFlag.count({
      where: {
        courseId: input.courseId,
        userId: input.userId,
        status: "OPEN",
        createdAt: { gte: new Date(now.getTime() - ALERT_QUIET_MS) },
        ...(input.result.selfHarm ? { selfHarm: true } : {}),
      },
    });
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

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= FLAG_EXCERPT_CHARS ? flat : `${flat.slice(0, FLAG_EXCERPT_CHARS - 1)}…`;
}
