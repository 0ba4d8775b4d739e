import { z } from "zod";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { scheduleNextNudge } from "./nudge/schedule-next-nudge.ts";
import { type StudySettingsView, studySettingsOf } from "./study-settings-values.ts";

export type { StudySettingsView } from "./study-settings-values.ts";

/** What a person may change; a field left out stays as it is. `nudge: false` turns the nudge off. */
export interface StudySettingsChanges {
  cardsFromMisses?: boolean;
  newCardsPerDay?: number;
  nudge?: { hour: number } | false;
  quietHours?: { start: number; end: number } | null;
  timeZone?: string;
  desiredRetention?: number;
}

const readInput = z.object({ actor: actorSchema });

/** The person's study settings (the defaults until they change one). */
export async function readStudySettings(
  db: Prisma,
  input: z.input<typeof readInput>,
): Promise<StudySettingsView> {
  const { actor } = parseUseCaseInput(readInput, input);
  const { userId } = await resolveUser(db, actor);
  return studySettingsOf(db, userId);
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const hour = (what: string) =>
  z
    .number()
    .int(`${what} is a whole hour, 0 to 23.`)
    .min(0, `${what} is 0 to 23.`)
    .max(23, `${what} is 0 to 23.`);

const changesSchema = z.object({
  cardsFromMisses: z.boolean().optional(),
  newCardsPerDay: z
    .number()
    .int("New cards per day is a whole number.")
    .min(0, "New cards per day is 0 to 200.")
    .max(200, "New cards per day is 0 to 200.")
    .optional(),
  nudge: z.union([z.literal(false), z.object({ hour: hour("The nudge hour") })]).optional(),
  quietHours: z
    .object({ start: hour("Quiet hours' start"), end: hour("Quiet hours' end") })
    .nullable()
    .optional(),
  timeZone: z
    .string()
    .trim()
    .refine(isTimeZone, "That is not a time zone name; use one like America/Chicago or Europe/Berlin.")
    .optional(),
  desiredRetention: z
    .number()
    .min(0.7, "Desired retention is 0.7 to 0.97 (70% to 97%).")
    .max(0.97, "Desired retention is 0.7 to 0.97 (70% to 97%).")
    .optional(),
});

const updateInput = z.object({ actor: actorSchema, changes: z.unknown() });

/**
 * Changes the person's study settings, each value checked (an IANA time zone, hours 0..23, 0..200 new
 * cards a day, retention 0.7..0.97) with a sentence naming the allowed range. When the nudge's timing
 * changes (on/off, hour, quiet hours, time zone) its next durable job is rescheduled in the same
 * transaction.
 */
export async function updateStudySettings(
  db: Prisma,
  input: { actor: z.input<typeof actorSchema>; changes: StudySettingsChanges },
  options: { now?: Date } = {},
): Promise<StudySettingsView> {
  const { actor, changes: raw } = parseUseCaseInput(updateInput, input);
  const parsed = changesSchema.safeParse(raw);
  if (!parsed.success)
    throw new AppError(ErrorCode.InvalidInput, "invalid study settings", {
      userMessage: parsed.error.issues[0]?.message ?? "Those settings are not valid.",
    });
  const changes = parsed.data;
  const { userId } = await resolveUser(db, actor);
  const data = {
    ...(changes.cardsFromMisses !== undefined ? { cardsFromMisses: changes.cardsFromMisses } : {}),
    ...(changes.newCardsPerDay !== undefined ? { newCardsPerDay: changes.newCardsPerDay } : {}),
    ...(changes.desiredRetention !== undefined ? { desiredRetention: changes.desiredRetention } : {}),
    ...(changes.timeZone !== undefined ? { timeZone: changes.timeZone } : {}),
    ...(changes.nudge !== undefined
      ? changes.nudge === false
        ? { nudgeEnabled: false }
        : { nudgeEnabled: true, nudgeHour: changes.nudge.hour }
      : {}),
    ...(changes.quietHours !== undefined
      ? { quietStartHour: changes.quietHours?.start ?? null, quietEndHour: changes.quietHours?.end ?? null }
      : {}),
  };
  const nudgeTiming =
    changes.nudge !== undefined || changes.quietHours !== undefined || changes.timeZone !== undefined;
  await db.$transaction(async (tx) => {
    await tx.studySettings.upsert({ where: { userId }, create: { userId, ...data }, update: data });
    if (nudgeTiming) await scheduleNextNudge(tx, { userId, now: options.now ?? new Date() });
  });
  return studySettingsOf(db, userId);
}
