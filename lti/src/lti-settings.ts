import type { CleverSettings } from "./clever/clever-settings.ts";
import type { LtiRateLimits } from "./security/rate-limits.ts";

/** The plain LTI settings from app/src/config.ts (`config.lti`) plus the server's public URL. */
export interface LtiSettings {
  /** Signs ltiks and encrypts the tool's private keys at rest. At least 32 characters. */
  encryptionKey: string;
  /** Where LMSs and browsers reach this server; the tool lives at `${publicUrl}/lti`. */
  publicUrl: string;
  /** How long a launch's session (its ltik) lasts. Default 120 minutes. */
  sessionMinutes?: number;
  /**
   * Express's `trust proxy` for the tool's requests (`TRUST_PROXY`): which reverse proxies may name the
   * client in X-Forwarded-For. The per-address limits key on the address this yields. Default false:
   * the socket's peer is the client.
   */
  trustProxy?: TrustProxy;
  /** Requests per client address on the tool's open routes; defaults in security/rate-limits.ts. */
  rateLimits?: Partial<LtiRateLimits>;
  /** Login states kept per platform (the oldest make room). Default 10,000. */
  loginStatesPerPlatform?: number;
  /**
   * The longest one call to an LMS may take (`LTI_HTTP_TIMEOUT_MS`): service tokens, AGS, NRPS, JWKS
   * and dynamic registration. Default 15 s.
   */
  httpTimeoutMs?: number;
  /**
   * Clever (CLEVER_CLIENT_ID and CLEVER_CLIENT_SECRET): Secure Sync rosters nightly and on request, and
   * sign-in with Clever. Off when absent.
   */
  clever?: CleverSettings;
}

/** The values express takes for `trust proxy`: on/off, a hop count, or the proxies' addresses. */
export type TrustProxy = boolean | number | string | readonly string[];

export const DEFAULT_SESSION_MINUTES = 120;
