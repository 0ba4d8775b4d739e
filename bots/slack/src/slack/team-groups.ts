import type { webApi } from "@slack/bolt";
import type { Logger } from "@studyhall/core";

/** Quiz teams from Slack user groups: a group whose name or handle starts with "Team" is a team. */
export interface TeamGroups {
  /** The team (user group name) a person plays for; null when they are in no "Team …" group. */
  teamOf(client: webApi.WebClient, teamId: string, userId: string, log: Logger): Promise<string | null>;
}

const TEAM_GROUP = /^team\b/i;

/**
 * One `usergroups.list` (with members) per workspace every `ttlMs`, shared by every click in that
 * time: a burst of a thousand joins costs one call. Without the usergroups:read scope (an install from
 * before quizzes) nobody has a team, and the core balances players into the teams already playing.
 */
export function createTeamGroups(ttlMs = 5 * 60_000): TeamGroups {
  const cache = new Map<string, { members: Promise<Map<string, string>>; until: number }>();
  const load = async (client: webApi.WebClient, log: Logger): Promise<Map<string, string>> => {
    const members = new Map<string, string>();
    try {
      const { usergroups = [] } = await client.usergroups.list({ include_users: true });
      const teams = usergroups
        .filter((g) => TEAM_GROUP.test(g.name ?? "") || TEAM_GROUP.test(g.handle ?? ""))
        .sort((a, b) => (a.name ?? "").localeCompare(b.name ?? ""));
      for (const group of teams) {
        const name = (group.name || group.handle || "").trim();
        for (const user of group.users ?? []) if (name && !members.has(user)) members.set(user, name);
      }
    } catch (error) {
      log.warn({ err: error }, "usergroups.list failed; quiz teams come from balancing instead");
    }
    return members;
  };
  return {
    async teamOf(client, teamId, userId, log) {
      let entry = cache.get(teamId);
      if (!entry || entry.until <= Date.now()) {
        entry = { members: load(client, log), until: Date.now() + ttlMs };
        cache.set(teamId, entry);
      }
      return (await entry.members).get(userId) ?? null;
    },
  };
}
