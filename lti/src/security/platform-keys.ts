import { createRemoteJWKSet, type JWTVerifyGetKey } from "jose";
import { DEFAULT_LMS_TIMEOUT_MS } from "../services/lms-fetch.ts";

/**
 * The platforms' published keys, one cached remote JWKS per URL: fetched on first use, kept for ten
 * minutes, and fetched again (at most every 30 s) when a token names a `kid` not yet seen, so a
 * platform's key rotation needs nothing from us. A fetch that takes longer than `timeoutMs` (the LMS
 * deadline, LTI_HTTP_TIMEOUT_MS) fails, and the launch is refused with "could not fetch the keys".
 */
export function createPlatformKeys(options: { timeoutMs?: number } = {}): {
  forJwksUrl(url: string): JWTVerifyGetKey;
} {
  const timeoutDuration = options.timeoutMs ?? DEFAULT_LMS_TIMEOUT_MS;
  const sets = new Map<string, JWTVerifyGetKey>();
  return {
    forJwksUrl(url) {
      let set = sets.get(url);
      if (!set) {
        set = createRemoteJWKSet(new URL(url), { timeoutDuration, cacheMaxAge: 600_000 });
        sets.set(url, set);
      }
      return set;
    },
  };
}
