import { z } from "zod";
import type { NotificationKind } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { type Actor, actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { NOTIFICATION_KINDS } from "./notification-kinds.ts";
import { scheduleDelivery } from "./notify.ts";
import { notificationSettingsSelect } from "./settings-row.ts";
import { type NotificationSettingsView, notificationSettingsView } from "./settings-view.ts";

const kindInput = z.object({ actor: actorSchema, kind: z.enum(NOTIFICATION_KINDS), on: z.boolean() });
const digestInput = z.object({
  actor: actorSchema,
  digest: z.boolean(),
  hour: z.number().int().min(0).max(23).optional(),
});

/**
 * Turns one kind of notification on or off for the actor. Off, they are still kept in the inbox but
 * never sent to chat. Anything waiting is (re)scheduled for delivery under the new settings.
 */
export async function setNotificationKind(
  db: Prisma,
  input: { actor: Actor; kind: NotificationKind; on: boolean },
  options: { now?: Date } = {},
): Promise<NotificationSettingsView> {
  const { actor, kind, on } = parseUseCaseInput(kindInput, input);
  const { userId } = await resolveUser(db, actor);
  return db.$transaction(async (tx) => {
    const current = await tx.studySettings.findUnique({
      where: { userId },
      select: { notificationsOff: true },
    });
    const off = new Set(current?.notificationsOff ?? []);
    if (on) off.delete(kind);
    else off.add(kind);
    const notificationsOff = NOTIFICATION_KINDS.filter((k) => off.has(k));
    const row = await tx.studySettings.upsert({
      where: { userId },
      create: { userId, notificationsOff },
      update: { notificationsOff },
      select: notificationSettingsSelect,
    });
    await scheduleDelivery(tx, { userId, now: options.now ?? new Date(), settings: row });
    return notificationSettingsView(row);
  });
}

/**
 * Switches the actor between a message per notification and one daily digest at `hour` (local, in
 * their time zone; the current digest hour when left out). Turning the digest off lets anything it
 * held go at once (paced as always).
 */
export async function setNotificationDigest(
  db: Prisma,
  input: { actor: Actor; digest: boolean; hour?: number },
  options: { now?: Date } = {},
): Promise<NotificationSettingsView> {
  const { actor, digest, hour } = parseUseCaseInput(digestInput, input);
  const { userId } = await resolveUser(db, actor);
  const data = { notificationDigest: digest, ...(hour === undefined ? {} : { digestHour: hour }) };
  return db.$transaction(async (tx) => {
    const row = await tx.studySettings.upsert({
      where: { userId },
      create: { userId, ...data },
      update: data,
      select: notificationSettingsSelect,
    });
    await scheduleDelivery(tx, { userId, now: options.now ?? new Date(), settings: row });
    return notificationSettingsView(row);
  });
}
