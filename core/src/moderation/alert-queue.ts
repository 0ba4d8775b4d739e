import type { NotifiablePlatform } from "./staff-notifier.ts";

/**
 * The durable queue of staff alerts for one platform. One queue per platform, as for quiz timers: only
 * a process running that platform's front end can send its DMs, so only such a process claims them.
 */
export function moderationAlertQueue(platform: NotifiablePlatform): string {
  return `moderation:alert:${platform}`;
}

/** One alert: one flag, told to one staff account. */
export interface ModerationAlertPayload {
  flagId: string;
  identityId: string;
}
