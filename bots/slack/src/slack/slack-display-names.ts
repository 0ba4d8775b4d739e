import type { webApi } from "@slack/bolt";
import { displayNameOf, type Logger } from "@studyhall/core";

/**
 * The name classmates know a Slack user by. Payloads carry only the username ("ada.01"): slash
 * commands' `user_name` and interactions' `user.name`. The profile's display name and real name come
 * from `users.info`.
 */
export interface SlackDisplayNames {
  of(client: webApi.WebClient, teamId: string, userId: string, log: Logger): Promise<string | undefined>;
}

/**
 * Asks `users.info` once per person per `ttlMs` (a class joining a quiz at once costs one call each, and
 * later clicks none) and applies core's rule: display name, else real name, else username. When Slack
 * cannot answer (no users:read scope, an outage) the name is unknown, and core keeps the stored one.
 */
export function createSlackDisplayNames(ttlMs = 60 * 60_000): SlackDisplayNames {
  const cache = new Map<string, { name: string | undefined; until: number }>();
  return {
    async of(client, teamId, userId, log) {
      const key = `${teamId}:${userId}`;
      const hit = cache.get(key);
      if (hit && hit.until > Date.now()) return hit.name;
      try {
        const { user } = await client.users.info({ user: userId });
        const name = displayNameOf({
          displayName: user?.profile?.display_name,
          realName: user?.profile?.real_name ?? user?.real_name,
          username: user?.name,
        });
        cache.set(key, { name, until: Date.now() + ttlMs });
        return name;
      } catch (error) {
        log.warn({ err: error, userId }, "users.info failed; the person's display name is not known");
        return undefined;
      }
    },
  };
}
