import type { webApi } from "@slack/bolt";
import type { Logger } from "@studyhall/core";

/** Whether Slack says a person administers their workspace (admins and owners manage spaces). */
export interface WorkspaceAdmins {
  isAdmin(client: webApi.WebClient, teamId: string, userId: string, log: Logger): Promise<boolean>;
}

/**
 * Asks `users.info` and remembers the answer for `ttlMs`, so a burst of staff commands costs one call.
 * If Slack cannot answer (a missing users:read scope, an outage) the person is treated as not an admin:
 * refusing is the safe failure for a permission.
 */
export function createWorkspaceAdmins(ttlMs = 5 * 60_000): WorkspaceAdmins {
  const cache = new Map<string, { admin: boolean; until: number }>();
  return {
    async isAdmin(client, teamId, userId, log) {
      const key = `${teamId}:${userId}`;
      const hit = cache.get(key);
      if (hit && hit.until > Date.now()) return hit.admin;
      try {
        const { user } = await client.users.info({ user: userId });
        const admin = Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner);
        cache.set(key, { admin, until: Date.now() + ttlMs });
        return admin;
      } catch (error) {
        log.warn({ err: error, userId }, "users.info failed; treating the user as not a workspace admin");
        return false;
      }
    },
  };
}
