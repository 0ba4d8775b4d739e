import type { Logger } from "@studyhall/core";
import { type CleverDataClient, createCleverDataClient } from "./clever-client.ts";
import { cleverIdTokenKeys } from "./clever-id-token-keys.ts";
import { type CleverOAuthClient, createCleverOAuthClient } from "./clever-oauth.ts";
import type { CleverSettings } from "./clever-settings.ts";
import type { CleverIdTokenCheck } from "./identify-clever-user.ts";

/** What the Clever sign-in and district pages use, built once when Clever is configured. */
export interface CleverFrontEnd {
  settings: CleverSettings;
  oauth: CleverOAuthClient;
  /** Set when CLEVER_OIDC is on: how the id token is checked. */
  idToken?: CleverIdTokenCheck;
  /** Where Clever sends people back (`${toolUrl}/clever/callback`): the app's redirect URI in Clever. */
  redirectUri: string;
  /** A data client for a district-app token (the district page reads the district's name with it). */
  dataClient(token: string): CleverDataClient;
}

export function createCleverFrontEnd(
  settings: CleverSettings,
  options: { toolUrl: string; log: Logger; timeoutMs: number; fetch?: typeof fetch },
): CleverFrontEnd {
  const log = options.log.child({ platform: "clever" });
  const http = { log, timeoutMs: options.timeoutMs, ...(options.fetch ? { fetch: options.fetch } : {}) };
  return {
    settings,
    oauth: createCleverOAuthClient({
      oauthUrl: settings.oauthUrl,
      apiUrl: settings.apiUrl,
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      ...http,
    }),
    ...(settings.oidc
      ? {
          idToken: {
            keys: cleverIdTokenKeys({
              oauthUrl: settings.oauthUrl,
              timeoutMs: options.timeoutMs,
              ...(options.fetch ? { fetch: options.fetch } : {}),
            }),
            // Clever's id tokens name their issuer as its OAuth origin (https://clever.com), no trailing slash.
            issuer: new URL(settings.oauthUrl).origin,
            clientId: settings.clientId,
          },
        }
      : {}),
    redirectUri: `${options.toolUrl}/clever/callback`,
    dataClient: (token) => createCleverDataClient({ apiUrl: settings.apiUrl, ...http }, token),
  };
}
