import type { NotificationKind } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import { nextDeliveryAt } from "./delivery-pacing.ts";

/** The StudySettings columns notifications read: preferences, time zone, quiet hours and pacing. */
export interface NotificationSettingsRow {
  notificationsOff: NotificationKind[];
  notificationDigest: boolean;
  digestHour: number;
  lastNotifiedAt: Date | null;
  timeZone: string;
  quietStartHour: number | null;
  quietEndHour: number | null;
}

/** StudySettings' own defaults, for a person who never changed a setting (no row yet). */
export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettingsRow = Object.freeze({
  notificationsOff: [],
  notificationDigest: false,
  digestHour: 18,
  lastNotifiedAt: null,
  timeZone: "UTC",
  quietStartHour: null,
  quietEndHour: null,
});

export const notificationSettingsSelect = {
  userId: true,
  notificationsOff: true,
  notificationDigest: true,
  digestHour: true,
  lastNotifiedAt: true,
  timeZone: true,
  quietStartHour: true,
  quietEndHour: true,
} as const;

/** The notification settings of these people, by user id (a person without a row is absent). */
export async function readNotificationSettings(
  db: Pick<Prisma, "studySettings">,
  userIds: string[],
): Promise<Map<string, NotificationSettingsRow>> {
  const rows = await db.studySettings.findMany({
    where: { userId: { in: userIds } },
    select: notificationSettingsSelect,
  });
  return new Map(rows.map((row) => [row.userId, row]));
}

/** When the person's next message may go, by their settings (the defaults without a row). */
export function deliveryTimingOf(settings: NotificationSettingsRow | null, now: Date): Date {
  const s = settings ?? DEFAULT_NOTIFICATION_SETTINGS;
  return nextDeliveryAt({
    now,
    lastNotifiedAt: s.lastNotifiedAt,
    timeZone: s.timeZone,
    quietStartHour: s.quietStartHour,
    quietEndHour: s.quietEndHour,
    digest: s.notificationDigest,
    digestHour: s.digestHour,
  });
}
