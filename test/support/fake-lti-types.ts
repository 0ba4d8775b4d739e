import type { JWTVerifyGetKey } from "jose";
import type { PlatformKeys } from "./fake-lti-keys.ts";
import type { FakeLtiFlavour, LtiLayout } from "./fake-lti-layout.ts";
import type { StallRule } from "./fake-lti-stalls.ts";

export interface FakeLtiUser {
  sub: string;
  name?: string;
  givenName?: string;
  familyName?: string;
  email?: string;
  /** Full role URIs: see INSTRUCTOR, LEARNER, ADMIN in fake-lti-vocabulary.ts. */
  roles: string[];
}

export interface FakeLtiContext {
  id: string;
  title?: string;
  label?: string;
}

export type FakeLtiMember = FakeLtiUser & { status?: "Active" | "Inactive" | "Deleted" };

export interface FakeLtiTool {
  loginUrl: string;
  launchUrl: string;
  jwksUrl: string;
  deepLinkUrl?: string;
  /** Further redirect URIs the tool registered (a launch's `redirect_uri` must be one of them). */
  redirectUris?: string[];
}

export interface FakeLtiLaunchOptions {
  user: FakeLtiUser;
  context?: FakeLtiContext;
  messageType?: "LtiResourceLinkRequest" | "LtiDeepLinkingRequest";
  /** Defaults to `{ id: "RL1" }` on resource link launches (the spec requires one). */
  resourceLink?: { id: string; title?: string };
  /** Defaults to the tool's launchUrl (deepLinkUrl, if any, for Deep Linking). */
  targetLinkUri?: string;
  custom?: Record<string, string>;
  deploymentId?: string;
  blockThirdPartyCookies?: boolean;
  /** How the platform starts the OIDC login; Canvas and Moodle use both. Default GET. */
  loginMethod?: "GET" | "POST";
  /**
   * Change claims or signing before the id_token is posted (for rejection tests). A claim set to
   * `undefined` is removed.
   */
  tamper?: {
    claims?: Record<string, unknown>;
    signWith?: "foreign-key";
    replayOf?: string;
    state?: string;
  };
}

export interface FakeLtiLaunchResult {
  /** The last response of the launch (the tool's page, or whichever answer stopped the flow). */
  status: number;
  url: string;
  headers: Headers;
  body: string;
  /** The id_token posted to the tool; "" when the flow stopped before that. */
  idToken: string;
  /** Every Set-Cookie header the tool sent during the launch, raw, whether or not it was sent back. */
  cookies: string[];
}

export interface FakeLineItem {
  /** The platform's own id of the line item; its URL (the AGS `id`) is `lineItemUrl(item)`. */
  id: string;
  contextId: string;
  label: string;
  scoreMaximum: number;
  resourceLinkId?: string;
  resourceId?: string;
  tag?: string;
  startDateTime?: string;
  endDateTime?: string;
}

export interface FakeScore {
  /** The platform id of the line item (as in `lineItems[].id`). */
  lineItemId: string;
  body: Record<string, unknown>;
  receivedAt: number;
}

export interface FakeServiceRequest {
  method: string;
  /** The pathname, without the query string. */
  path: string;
  status: number;
  /** The scopes of the bearer token (space separated), or the scopes asked for on a token request. */
  scope?: string;
}

/** A link the platform created from a Deep Linking response (Canvas: an assignment or module item). */
export interface FakeResourceLink {
  id: string;
  contextId?: string;
  title?: string;
  url?: string;
  custom?: Record<string, string>;
  lineItemId?: string;
}

/** A launch the platform has started and not yet completed (keyed by its `lti_message_hint`). */
export interface PendingLaunch {
  id: string;
  options: FakeLtiLaunchOptions;
  deploymentId: string;
  messageType: "LtiResourceLinkRequest" | "LtiDeepLinkingRequest";
  targetLinkUri: string;
  /** The `data` sent in deep_linking_settings, echoed back by the tool. */
  deepLinkData: string;
}

/** The platform's mutable state, shared by its endpoint handlers. Public arrays are read live. */
export interface PlatformState {
  issuer: string;
  clientId: string;
  deploymentIds: string[];
  flavour: FakeLtiFlavour;
  layout: LtiLayout;
  keys: PlatformKeys;
  tool?: FakeLtiTool & { keySet: JWTVerifyGetKey };
  roster: { members: FakeLtiMember[]; pageSize: number };
  lineItems: FakeLineItem[];
  scores: FakeScore[];
  resourceLinks: FakeResourceLink[];
  requests: FakeServiceRequest[];
  tokenRequests: Array<{ scope: string; assertionClaims: Record<string, unknown> }>;
  /** How often the platform's JWKS was fetched (a tool should cache it). */
  jwksRequests: number;
  deepLinkResponses: Array<{ claims: Record<string, unknown>; valid: boolean; error?: string }>;
  registrationToken: string;
  requireRegistrationToken: boolean;
  registrations: Array<{ body: Record<string, unknown>; clientId: string }>;
  services: { nrps: boolean; ags: boolean };
  /** Contexts seen in launches, so the membership container can name its context. */
  contexts: Map<string, FakeLtiContext>;
  failures: Array<{ pattern: RegExp; status: number; remaining: number }>;
  /** Requests held unanswered (fake-lti-stalls.ts). */
  stalls: StallRule[];
  accessTokens: Map<string, { scopes: string[]; expiresAt: number }>;
  seenJtis: Set<string>;
  pending: Map<string, PendingLaunch>;
  /** Deep Linking requests by launch id, kept until their response arrives. */
  deepLinkRequests: Map<string, PendingLaunch>;
  nextId(prefix: string): string;
}

/** What a service endpoint answered, for the request log. */
export interface ServiceOutcome {
  status: number;
  scope?: string;
}
