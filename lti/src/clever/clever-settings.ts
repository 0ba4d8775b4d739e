/** Where Clever lives unless the configuration says otherwise (a proxy, a test's fake). */
export const DEFAULT_CLEVER_API_URL = "https://api.clever.com";
export const DEFAULT_CLEVER_OAUTH_URL = "https://clever.com";
/** The nightly Clever round starts at this hour (UTC) unless CLEVER_SYNC_HOUR_UTC says otherwise. */
export const DEFAULT_CLEVER_SYNC_HOUR_UTC = 4;

/**
 * The app's Clever registration (`config.clever`): its OAuth client for Instant Login and for fetching
 * district tokens, where Clever's API and OAuth server are, and when the nightly sync runs.
 */
export interface CleverSettings {
  clientId: string;
  clientSecret: string;
  /** The Data API's origin, e.g. https://api.clever.com (paths carry /v3.0). */
  apiUrl: string;
  /** The OAuth server's origin, e.g. https://clever.com (authorize and token endpoints). */
  oauthUrl: string;
  /** Read the person from the OIDC id token instead of /me. */
  oidc: boolean;
  /** The hour (UTC, 0-23) of the nightly round over every connected district. */
  syncHourUtc: number;
}
