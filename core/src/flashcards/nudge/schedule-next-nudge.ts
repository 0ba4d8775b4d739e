import { z } from "zod";
import type { Prisma } from "../../db/open-database.ts";
import { parseUseCaseInput } from "../../errors/parse-input.ts";
import { utcTimestamp } from "../../jobs/job-sql.ts";
import { scheduleJob } from "../../jobs/schedule-job.ts";
import {
  atLocalHour,
  formatLocalDate,
  type LocalDate,
  localParts,
  nextLocalDate,
} from "../../time/local-time.ts";
import { STUDY_NUDGE_QUEUE } from "./study-nudge-sender.ts";

/** The client or a transaction: what scheduling a nudge reads and writes. */
export type NudgeDb = Pick<Prisma, "studySettings" | "$executeRaw" | "$queryRaw">;

const scheduleNextNudgeInput = z.object({ userId: z.uuid(), now: z.date() });

/** The nudge's settings: when, where and the quiet hours it must wait out. */
export interface NudgeTiming {
  nudgeHour: number;
  timeZone: string;
  quietStartHour: number | null;
  quietEndHour: number | null;
}

/** The key prefix of one person's nudge jobs; the local date follows it. */
export const nudgeKeyPrefix = (userId: string) => `study-nudge:${userId}:`;

/**
 * Schedules the person's next daily nudge as one durable job (key "study-nudge:<userId>:<local date>"),
 * replacing any pending one, or none when they have not opted in. The nudge runs at `nudgeHour` in their
 * time zone on the first day that hour is still ahead of `now`, or when their quiet hours end if it falls
 * inside them. A day whose nudge already ran (its job's key is still taken) is skipped, so a settings
 * change never brings a second message the same local day. Call it in the transaction that changes the
 * settings.
 */
export async function scheduleNextNudge(tx: NudgeDb, input: { userId: string; now: Date }): Promise<void> {
  const { userId, now } = parseUseCaseInput(scheduleNextNudgeInput, input);
  // Only jobs still ahead: the job running now (its time has come) keeps its key, which is what marks
  // today as done.
  await tx.$executeRaw`
    DELETE FROM "ScheduledJob"
    WHERE starts_with("key", ${nudgeKeyPrefix(userId)}) AND "doneAt" IS NULL AND "failedAt" IS NULL
      AND "runAt" > ${utcTimestamp(now)}`;
  const settings = await tx.studySettings.findUnique({ where: { userId } });
  if (!settings?.nudgeEnabled) return;
  const today = localParts(now, settings.timeZone);
  // Two days cover "today has passed" and "today's nudge already ran"; a third covers quiet hours
  // pushing a nudge past midnight.
  for (let offset = 0; offset <= 3; offset++) {
    const runAt = nudgeTime(nextLocalDate(today, offset), settings);
    if (runAt.getTime() <= now.getTime()) continue;
    const day = formatLocalDate(localParts(runAt, settings.timeZone));
    const scheduled = await scheduleJob(tx, {
      queue: STUDY_NUDGE_QUEUE,
      key: `${nudgeKeyPrefix(userId)}${day}`,
      payload: { userId, day, runAt: runAt.toISOString() },
      runAt,
      maxAttempts: 5,
    });
    if (scheduled) return;
  }
}

/**
 * When the nudge meant for `date` runs: `nudgeHour` there, or the end of the quiet hours when the hour
 * falls inside them (quiet hours may wrap midnight, 22 to 7; equal start and end mean none).
 */
export function nudgeTime(date: LocalDate, timing: NudgeTiming): Date {
  const { nudgeHour: hour, quietStartHour: start, quietEndHour: end, timeZone } = timing;
  if (start === null || end === null || start === end) return atLocalHour(date, hour, timeZone);
  if (start < end) {
    return hour >= start && hour < end ? atLocalHour(date, end, timeZone) : atLocalHour(date, hour, timeZone);
  }
  if (hour >= start) return atLocalHour(nextLocalDate(date), end, timeZone);
  if (hour < end) return atLocalHour(date, end, timeZone);
  return atLocalHour(date, hour, timeZone);
}
