import type { FakeCleverDistrict, FakeEvent, IssueCodeInput } from "./fake-clever-types.ts";
import type { SigningKey } from "./fake-lti-keys.ts";

/** Everything the fake's handlers read and change. */
export interface FakeCleverState {
  url: string;
  clientId: string;
  clientSecret: string;
  oidc: boolean;
  now: () => Date;
  key: SigningKey;
  districts: Map<string, FakeCleverDistrict>;
  revokedTokens: Set<string>;
  /** SSO tokens from the code exchange: who each belongs to. */
  userTokens: Map<string, { districtId: string; userId: string }>;
  codes: Map<string, IssueCodeInput & { used: boolean }>;
  rateLimit: { remaining: number; retryAfterS: number | null };
  failures: { remaining: number; status: number };
  /** Events to serve again at the head of a district's next events answer. */
  replays: Map<string, FakeEvent[]>;
}

/** A reply the server writes as JSON. */
export interface FakeReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): FakeReply {
  return { status, body, ...(headers ? { headers } : {}) };
}

/** Clever's error body. */
export function cleverError(status: number, error: string): FakeReply {
  return json(status, { error });
}

/** The 30-day window Clever keeps events for. */
export const EVENT_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

/** The district a bearer token reads, or the SSO user it belongs to; undefined when it is not valid. */
export type FakeCaller =
  | { kind: "district"; district: FakeCleverDistrict }
  | { kind: "user"; district: FakeCleverDistrict; userId: string };

export function callerOf(state: FakeCleverState, authorization: string | undefined): FakeCaller | undefined {
  const token = /^Bearer (.+)$/.exec(authorization ?? "")?.[1];
  if (!token || state.revokedTokens.has(token)) return undefined;
  for (const district of state.districts.values()) {
    if (district.token === token) return { kind: "district", district };
  }
  const user = state.userTokens.get(token);
  const district = user ? state.districts.get(user.districtId) : undefined;
  return user && district ? { kind: "user", district, userId: user.userId } : undefined;
}

export function isClient(state: FakeCleverState, authorization: string | undefined): boolean {
  const expected = Buffer.from(`${state.clientId}:${state.clientSecret}`).toString("base64");
  return authorization === `Basic ${expected}`;
}
