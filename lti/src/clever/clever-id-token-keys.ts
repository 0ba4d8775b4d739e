import { createRemoteJWKSet, type JWTVerifyGetKey } from "jose";
import { z } from "zod";

const discoverySchema = z.object({ issuer: z.string().min(1), jwks_uri: z.url() });

/**
 * Clever's id-token signing keys, found the way OIDC says: its discovery document
 * (`${oauthUrl}/.well-known/openid-configuration`, issuer https://clever.com) names `jwks_uri`. Read on
 * the first sign-in, then jose keeps the key set (and refetches it when a token names an unknown key).
 */
export function cleverIdTokenKeys(options: {
  oauthUrl: string;
  fetch?: typeof fetch;
  timeoutMs: number;
}): JWTVerifyGetKey {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const load = async (): Promise<JWTVerifyGetKey> => {
    const jwksUrl = await discoverJwksUrl(options);
    return createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: options.timeoutMs });
  };
  return async (header, token) => {
    keys ??= load().catch((error: unknown) => {
      // A failed discovery is tried again by the next sign-in, not remembered.
      keys = undefined;
      throw error;
    });
    return (await keys)(header, token);
  };
}

async function discoverJwksUrl(options: {
  oauthUrl: string;
  fetch?: typeof fetch;
  timeoutMs: number;
}): Promise<string> {
  const url = new URL("/.well-known/openid-configuration", options.oauthUrl);
  const response = await (options.fetch ?? globalThis.fetch)(url, {
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  if (!response.ok) throw new Error(`Clever's OIDC discovery answered ${response.status}`);
  return discoverySchema.parse(await response.json()).jwks_uri;
}
