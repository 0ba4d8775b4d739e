// A fake LTI 1.3 / LTI Advantage platform on 127.0.0.1 that speaks the wire protocol as Canvas and Moodle
// do: OIDC launches with signed id_tokens, JWKS, the client-credentials token endpoint, NRPS, AGS, Deep
// Linking and Dynamic Registration. It imports nothing of ours, so it is an honest peer for the tool.
import { randomBytes } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleAgs } from "./fake-lti-ags.ts";
import { runBrowserLaunch } from "./fake-lti-browser.ts";
import { lineItemUrl } from "./fake-lti-claims.ts";
import { handleDeepLinkReturn } from "./fake-lti-deep-linking.ts";
import { type FakeRequest, readRequest, send, sendHtml, sendJson } from "./fake-lti-http.ts";
import { createPlatformKeys, createSigningKey, jwksOf, signClaims } from "./fake-lti-keys.ts";
import { type FakeLtiFlavour, layoutFor } from "./fake-lti-layout.ts";
import { handleMemberships } from "./fake-lti-nrps.ts";
import { handleAuthorization, launchPageHtml, startPendingLaunch } from "./fake-lti-oidc.ts";
import { bindTool, handleRegistration, openidConfiguration } from "./fake-lti-registration.ts";
import { createStall, type FakeStall, waitOutStall } from "./fake-lti-stalls.ts";
import { checkBearer, handleTokenRequest } from "./fake-lti-token.ts";
import type {
  FakeLineItem,
  FakeLtiLaunchOptions,
  FakeLtiLaunchResult,
  FakeLtiTool,
  PlatformState,
  ServiceOutcome,
} from "./fake-lti-types.ts";
import { SCOPE } from "./fake-lti-vocabulary.ts";

export type { FakeStall } from "./fake-lti-stalls.ts";
export type {
  FakeLineItem,
  FakeLtiContext,
  FakeLtiLaunchOptions,
  FakeLtiLaunchResult,
  FakeLtiMember,
  FakeLtiTool,
  FakeLtiUser,
  FakeResourceLink,
  FakeScore,
  FakeServiceRequest,
} from "./fake-lti-types.ts";
export {
  ADMIN,
  CLAIM,
  INSTRUCTOR,
  LEARNER,
  MEDIA,
  SCOPE,
  TEACHING_ASSISTANT,
} from "./fake-lti-vocabulary.ts";

type PublicState = Pick<
  PlatformState,
  | "issuer"
  | "clientId"
  | "roster"
  | "lineItems"
  | "scores"
  | "requests"
  | "tokenRequests"
  | "jwksRequests"
  | "deepLinkResponses"
  | "registrationToken"
  | "registrations"
  | "resourceLinks"
  | "services"
>;

/** The fake platform: public arrays are live (push to seed, read to assert). See the brief for details. */
export interface FakeLtiPlatform extends PublicState {
  name: FakeLtiFlavour;
  deploymentId: string;
  deploymentIds: string[];
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  openidConfigurationUrl: string;
  registrationUrl: string;
  /** The tool as registered with this platform: where to send launches and where its keys are. */
  registerTool(tool: FakeLtiTool): void;
  /** Plays a browser through a whole launch (login, auth, form_post, the tool's redirects). */
  launch(options: FakeLtiLaunchOptions): Promise<FakeLtiLaunchResult>;
  /**
   * The URL of a course page that embeds the launch in an iframe, for a real browser. Swap its host for
   * `localhost` to make the tool (on 127.0.0.1) a third party.
   */
  launchPageUrl(options: FakeLtiLaunchOptions): string;
  /** Signs arbitrary claims (exactly as given) with the platform key, or a foreign key. */
  signIdToken(
    claims: Record<string, unknown>,
    options?: { foreignKey?: boolean; kid?: string },
  ): Promise<string>;
  /** The AGS URLs of the platform's line items and containers, and the NRPS URL of a context. */
  lineItemUrl(item: Pick<FakeLineItem, "id" | "contextId">): string;
  lineItemsUrl(contextId: string): string;
  membershipsUrl(contextId: string): string;
  /** Make the next `count` requests whose pathname matches fail with `status` (429 gets Retry-After: 1). */
  failNext(pathPattern: RegExp, status: number, count?: number): void;
  /**
   * Hold the next `count` (1) requests whose pathname matches unanswered for `ms` (90 s) or until the
   * stall is released; a held request whose client hangs up never reaches the platform.
   */
  stallNext(pathPattern: RegExp, options?: { count?: number; ms?: number }): FakeStall;
  /** Expires every access token issued so far (the next service call gets 401). */
  expireAccessTokens(): void;
  /** Publishes a new signing key and signs with it from now on; the old key stays in the JWKS. */
  rotateKey(): Promise<void>;
  /**
   * Plays an admin adding the tool by URL: GET the tool's registration URL with `openid_configuration`
   * (and `registration_token`, unless `omitToken`, as D2L does), following same-origin redirects.
   */
  openRegistration(
    registerUrl: string,
    options?: { omitToken?: boolean },
  ): Promise<{ status: number; url: string; headers: Headers; body: string }>;
  close(): Promise<void>;
}

const DEEP_LINK_RETURN = /^\/deep_linking_response\/([^/]+)$/;
const LAUNCH_PAGE = /^\/courses\/launch\/([^/]+)$/;

/** Starts the fake on a free port of 127.0.0.1 (Canvas by default). */
export async function startFakeLtiPlatform(
  options: { clientId?: string; deploymentIds?: string[]; name?: FakeLtiFlavour } = {},
): Promise<FakeLtiPlatform> {
  const flavour = options.name ?? "canvas";
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const counters = new Map<string, number>();
  const state: PlatformState = {
    issuer,
    clientId: options.clientId ?? (flavour === "moodle" ? "moodleClient01" : "10000000000001"),
    deploymentIds: options.deploymentIds ?? ["1:deployment"],
    flavour,
    layout: layoutFor(flavour),
    keys: await createPlatformKeys(),
    roster: { members: [], pageSize: 100 },
    lineItems: [],
    scores: [],
    resourceLinks: [],
    requests: [],
    tokenRequests: [],
    jwksRequests: 0,
    deepLinkResponses: [],
    registrationToken: randomBytes(18).toString("base64url"),
    requireRegistrationToken: true,
    registrations: [],
    services: { nrps: true, ags: true },
    contexts: new Map(),
    failures: [],
    stalls: [],
    accessTokens: new Map(),
    seenJtis: new Set(),
    pending: new Map(),
    deepLinkRequests: new Map(),
    nextId(prefix) {
      const next = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, next);
      return `${prefix}-${next}`;
    },
  };

  server.on("request", (incoming, res) => {
    readRequest(incoming, issuer)
      .then((req) => route(state, req, res))
      .catch((error: unknown) => {
        if (res.headersSent) res.destroy();
        else sendJson(res, 500, { error: "server_error", error_description: String(error) });
      });
  });

  const { layout } = state;
  const methods = {
    name: flavour,
    deploymentId: state.deploymentIds[0]!,
    authUrl: issuer + layout.auth,
    tokenUrl: issuer + layout.token,
    jwksUrl: issuer + layout.jwks,
    openidConfigurationUrl: issuer + layout.openidConfiguration,
    registrationUrl: issuer + layout.registration,
    registerTool: (tool: FakeLtiTool) => bindTool(state, tool),
    launch: (launch: FakeLtiLaunchOptions) => runBrowserLaunch(state, launch),
    launchPageUrl: (launch: FakeLtiLaunchOptions) =>
      `${issuer}/courses/launch/${encodeURIComponent(startPendingLaunch(state, launch).id)}`,
    signIdToken: (claims: Record<string, unknown>, signOptions?: { foreignKey?: boolean; kid?: string }) =>
      signClaims(state.keys, claims, signOptions),
    lineItemUrl: (item: Pick<FakeLineItem, "id" | "contextId">) => lineItemUrl(state, item),
    lineItemsUrl: (contextId: string) => issuer + state.layout.lineItems(contextId),
    membershipsUrl: (contextId: string) => issuer + state.layout.memberships(contextId),
    failNext(pattern: RegExp, status: number, count = 1) {
      state.failures.push({ pattern, status, remaining: count });
    },
    stallNext(pattern: RegExp, stallOptions: { count?: number; ms?: number } = {}): FakeStall {
      const stall = createStall(pattern, stallOptions);
      state.stalls.push(stall);
      return stall;
    },
    expireAccessTokens() {
      for (const token of state.accessTokens.values()) token.expiresAt = 0;
    },
    async rotateKey() {
      state.keys.keys.push(await createSigningKey());
    },
    openRegistration: (registerUrl: string, registration: { omitToken?: boolean } = {}) =>
      openRegistration(state, registerUrl, registration.omitToken === true),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const stall of state.stalls) stall.release();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
  // The returned object is the state itself, so `platform.roster = ...` and pushes are seen live.
  return Object.assign(state, methods) as PlatformState & typeof methods;
}

async function route(state: PlatformState, req: FakeRequest, res: ServerResponse): Promise<void> {
  if (!(await waitOutStall(state.stalls, req, res))) return;
  const { layout } = state;
  const path = req.url.pathname;
  const serviceRoute = layout.route(req.url);
  if (!serviceRoute && failIfAsked(state, req, res)) {
    if (path === layout.token) record(state, req, { status: res.statusCode, scope: requestedScope(req) });
    return;
  }
  if (path === layout.jwks) {
    state.jwksRequests += 1;
    return sendJson(res, 200, { ...jwksOf(state.keys) });
  }
  if (path === layout.openidConfiguration) return sendJson(res, 200, openidConfiguration(state));
  if (path === layout.auth) return handleAuthorization(state, req, res);
  if (path === layout.registration) {
    handleRegistration(state, req, res);
    return;
  }
  if (path === layout.token) {
    const status = await handleTokenRequest(state, req, res);
    return record(state, req, { status, scope: requestedScope(req) });
  }
  const deepLink = DEEP_LINK_RETURN.exec(path);
  if (deepLink) return handleDeepLinkReturn(state, req, res, decodeURIComponent(deepLink[1]!));
  const page = LAUNCH_PAGE.exec(path);
  const pending = page ? state.pending.get(decodeURIComponent(page[1]!)) : undefined;
  if (pending) return sendHtml(res, 200, launchPageHtml(state, pending));
  if (!serviceRoute)
    return sendJson(res, 404, { error: "not_found", error_description: `${req.method} ${path}` });
  record(state, req, serveService(state, req, res, serviceRoute));
}

function serveService(
  state: PlatformState,
  req: FakeRequest,
  res: ServerResponse,
  serviceRoute: NonNullable<ReturnType<PlatformState["layout"]["route"]>>,
): ServiceOutcome {
  if ("error" in serviceRoute) {
    sendJson(res, 400, { error: "invalid_request", error_description: serviceRoute.error });
    return { status: 400 };
  }
  // Throttling (failNext) happens after the token is known, as it does per token in Canvas.
  // Any scope will do here: this first check only asks whether the token is live.
  const bearer = checkBearer(state, req, res, Object.values(SCOPE));
  if (!bearer.ok) return { status: bearer.status, scope: bearer.scope };
  if (failIfAsked(state, req, res)) return { status: res.statusCode, scope: bearer.scope };
  if (serviceRoute.kind === "memberships") return handleMemberships(state, req, res, serviceRoute.contextId);
  return handleAgs(state, req, res, serviceRoute.contextId, serviceRoute);
}

function failIfAsked(state: PlatformState, req: FakeRequest, res: ServerResponse): boolean {
  const failure = state.failures.find((f) => f.remaining > 0 && f.pattern.test(req.url.pathname));
  if (!failure) return false;
  failure.remaining -= 1;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (failure.status === 429) headers["retry-after"] = "1";
  send(res, failure.status, JSON.stringify({ error: "injected_failure", status: failure.status }), headers);
  return true;
}

function record(state: PlatformState, req: FakeRequest, outcome: ServiceOutcome): void {
  state.requests.push({ method: req.method, path: req.url.pathname, ...outcome });
}

function requestedScope(req: FakeRequest): string | undefined {
  return new URLSearchParams(req.body).get("scope") ?? undefined;
}

async function openRegistration(state: PlatformState, registerUrl: string, omitToken: boolean) {
  const url = new URL(registerUrl);
  url.searchParams.set("openid_configuration", state.issuer + state.layout.openidConfiguration);
  if (omitToken) state.requireRegistrationToken = false;
  else url.searchParams.set("registration_token", state.registrationToken);
  let current = url;
  let response = await fetch(current, { redirect: "manual" });
  for (let hops = 0; hops < 10; hops++) {
    const location = response.headers.get("location");
    if (response.status < 300 || response.status >= 400 || !location) break;
    const next = new URL(location, current);
    if (next.origin !== url.origin) break;
    current = next;
    response = await fetch(current, { redirect: "manual" });
  }
  return {
    status: response.status,
    url: current.toString(),
    headers: response.headers,
    body: await response.text(),
  };
}
