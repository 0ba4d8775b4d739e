import type { NotificationKind } from "../db/generated/enums.ts";
import { NOTIFICATION_KINDS } from "./notification-kinds.ts";
import { DEFAULT_NOTIFICATION_SETTINGS, type NotificationSettingsRow } from "./settings-row.ts";

/** A person's notification preferences, as pages and replies show them. */
export interface NotificationSettingsView {
  /** Kinds turned off: kept in the inbox, never sent to chat. */
  off: NotificationKind[];
  /** One message a day at `digestHour` (local) instead of a message per notification. */
  digest: boolean;
  digestHour: number;
  timeZone: string;
  quietStartHour: number | null;
  quietEndHour: number | null;
}

/** The view of a settings row (the defaults for a person without one). */
export function notificationSettingsView(
  row: NotificationSettingsRow | null | undefined,
): NotificationSettingsView {
  const s = row ?? DEFAULT_NOTIFICATION_SETTINGS;
  return {
    off: NOTIFICATION_KINDS.filter((k) => s.notificationsOff.includes(k)),
    digest: s.notificationDigest,
    digestHour: s.digestHour,
    timeZone: s.timeZone,
    quietStartHour: s.quietStartHour,
    quietEndHour: s.quietEndHour,
  };
}
