import { AppError, ErrorCode } from "@studyhall/core";

/** The plain Slack settings from app/src/config.ts (`config.slack`) plus the server's public URL. */
export interface SlackSettings {
  signingSecret?: string;
  botToken?: string;
  /** Socket Mode (xapp-...) when set. */
  appToken?: string;
  clientId?: string;
  clientSecret?: string;
  stateSecret?: string;
  /** The Web API base URL, e.g. https://slack-gov.com/api/ for GovSlack. */
  apiUrl?: string;
  /** Where people reach this server; OAuth redirects go to `${publicUrl}/slack/oauth_redirect`. */
  publicUrl: string;
}

/** How this process talks to Slack, decided once from the settings. */
export type SlackMode =
  | { transport: "http"; signingSecret: string; auth: SlackAuth }
  | { transport: "socket"; appToken: string; auth: SlackAuth };

export type SlackAuth =
  | { kind: "single"; botToken: string }
  | { kind: "oauth"; clientId: string; clientSecret: string; stateSecret: string };

/**
 * Decides the transport (HTTP events or Socket Mode) and the authorisation (one workspace's bot token,
 * or OAuth installations for many workspaces), refusing combinations that cannot work with a message
 * naming the setting to fix.
 */
export function resolveSlackMode(settings: SlackSettings): SlackMode {
  const { clientId, clientSecret, stateSecret, botToken } = settings;
  const oauthParts = [clientId, clientSecret, stateSecret].filter(Boolean).length;
  if (oauthParts > 0 && oauthParts < 3) {
    throw configError("SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET go together (OAuth).");
  }
  let auth: SlackAuth;
  if (oauthParts === 3 && !settings.appToken) {
    auth = { kind: "oauth", clientId: clientId!, clientSecret: clientSecret!, stateSecret: stateSecret! };
  } else if (botToken) {
    auth = { kind: "single", botToken };
  } else if (oauthParts === 3) {
    // Socket Mode apps cannot be distributed publicly (Slack's rule), so OAuth is HTTP-only here.
    throw configError("Socket Mode (SLACK_APP_TOKEN) serves one workspace: set SLACK_BOT_TOKEN.");
  } else {
    throw configError("Set SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID/SECRET/STATE_SECRET (OAuth).");
  }
  if (settings.appToken) return { transport: "socket", appToken: settings.appToken, auth };
  if (!settings.signingSecret) throw configError("SLACK_SIGNING_SECRET is required for HTTP mode.");
  return { transport: "http", signingSecret: settings.signingSecret, auth };
}

function configError(message: string): AppError {
  return new AppError(ErrorCode.Config, `Slack: ${message}`, { userMessage: message });
}
