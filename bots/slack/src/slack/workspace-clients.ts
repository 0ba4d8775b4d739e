import { type InstallationStore, webApi } from "@slack/bolt";

/**
 * A Web API client with a workspace's bot token, for work that does not start from a Slack request (a
 * quiz timer firing, results sent at the end): Bolt's per-request client is not there.
 */
export interface WorkspaceClients {
  forTeam(teamId: string): Promise<webApi.WebClient>;
}

/**
 * One workspace: its bot token. OAuth: the installation stored for the team, looked up again after
 * `ttlMs` so an uninstall or reinstall is noticed. Clients are kept per token (they hold the retry
 * queue that honours Slack's Retry-After).
 */
export function createWorkspaceClients(options: {
  botToken?: string | undefined;
  installations?: InstallationStore | undefined;
  clientOptions: () => webApi.WebClientOptions;
  ttlMs?: number;
}): WorkspaceClients {
  const ttlMs = options.ttlMs ?? 60_000;
  const clients = new Map<string, webApi.WebClient>();
  const tokens = new Map<string, { token: string; until: number }>();
  const clientFor = (token: string) => {
    let client = clients.get(token);
    if (!client) {
      client = new webApi.WebClient(token, options.clientOptions());
      clients.set(token, client);
    }
    return client;
  };
  return {
    async forTeam(teamId) {
      if (options.botToken) return clientFor(options.botToken);
      const cached = tokens.get(teamId);
      if (cached && cached.until > Date.now()) return clientFor(cached.token);
      if (!options.installations) throw new Error("no bot token and no installation store");
      const installation = await options.installations.fetchInstallation({
        teamId,
        enterpriseId: undefined,
        isEnterpriseInstall: false,
      });
      const token = installation.bot?.token;
      if (!token) throw new Error(`the installation of ${teamId} has no bot token`);
      tokens.set(teamId, { token, until: Date.now() + ttlMs });
      return clientFor(token);
    },
  };
}
