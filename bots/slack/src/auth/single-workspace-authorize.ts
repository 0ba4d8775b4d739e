import type { Authorize, AuthorizeResult, webApi } from "@slack/bolt";

/**
 * Bolt authorisation for one workspace's bot token. The bot's user and bot ids come from one
 * `auth.test`, made on the first event rather than at start (so a slow Slack never blocks boot) and
 * cached; a failed call is retried on the next event instead of being cached.
 */
export function singleWorkspaceAuthorize(client: webApi.WebClient, botToken: string): Authorize<boolean> {
  let identity: Promise<{ botUserId?: string; botId?: string; teamId?: string }> | undefined;
  const lookup = () => {
    identity ??= client.auth.test({ token: botToken }).then(
      (r) => ({
        ...(r.user_id ? { botUserId: r.user_id } : {}),
        ...(r.bot_id ? { botId: r.bot_id } : {}),
        ...(r.team_id ? { teamId: r.team_id } : {}),
      }),
      (error: unknown) => {
        identity = undefined;
        throw error;
      },
    );
    return identity;
  };
  return async (source): Promise<AuthorizeResult> => {
    const { botUserId, botId, teamId } = await lookup();
    return {
      botToken,
      ...(botUserId ? { botUserId } : {}),
      ...(botId ? { botId } : {}),
      // The workspace the request came from (Enterprise Grid: where the event happened).
      ...(source.teamId ? { teamId: source.teamId } : teamId ? { teamId } : {}),
      ...(source.enterpriseId ? { enterpriseId: source.enterpriseId } : {}),
    };
  };
}
