import { createRemoteJWKSet, type JWTVerifyGetKey } from "jose";

/**
 * The platforms' published keys, one cached remote JWKS per URL: fetched on first use, kept for ten
 * minutes, and fetched again (at most every 30 s) when a token names a `kid` not yet seen, so a
 * platform's key rotation needs nothing from us.
 */
export function createPlatformKeys(): { forJwksUrl(url: string): JWTVerifyGetKey } {
  const sets = new Map<string, JWTVerifyGetKey>();
  return {
    forJwksUrl(url) {
      let set = sets.get(url);
      if (!set) {
        set = createRemoteJWKSet(new URL(url), { timeoutDuration: 5000, cacheMaxAge: 600_000 });
        sets.set(url, set);
      }
      return set;
    },
  };
}
