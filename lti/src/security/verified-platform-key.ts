import { AsyncLocalStorage } from "node:async_hooks";
import type { JWK } from "jose";

/** The platform key our launch check verified the id_token with, for the rest of that request. */
export interface VerifiedPlatformKey {
  issuer: string;
  clientId: string;
  jwk: JWK;
}

/**
 * ltijs verifies the id_token again after our check and, for a JWKS URL, fetches the platform's key
 * set on every launch (no cache): a network round trip per launch, and launches fail while the LMS's
 * key endpoint is slow or down. During a launch we hand ltijs the key our check already took from our
 * cached JWKS instead (see storage/guarded-store.ts), so ltijs still checks the signature, offline.
 */
export const verifiedPlatformKey = new AsyncLocalStorage<VerifiedPlatformKey>();
