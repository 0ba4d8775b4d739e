// How the fake LTI platform answers a request: stalls and injected failures first, then its endpoints
// and the services (NRPS, AGS) behind a bearer token.
import type { ServerResponse } from "node:http";
import { handleAgs } from "./fake-lti-ags.ts";
import { handleDeepLinkReturn } from "./fake-lti-deep-linking.ts";
import { type FakeRequest, send, sendHtml, sendJson } from "./fake-lti-http.ts";
import { jwksOf } from "./fake-lti-keys.ts";
import { handleMemberships } from "./fake-lti-nrps.ts";
import { handleAuthorization, launchPageHtml } from "./fake-lti-oidc.ts";
import { handleRegistration, openidConfiguration } from "./fake-lti-registration.ts";
import { waitOutStall } from "./fake-lti-stalls.ts";
import { checkBearer, handleTokenRequest } from "./fake-lti-token.ts";
import type { PlatformState, ServiceOutcome } from "./fake-lti-types.ts";
import { SCOPE } from "./fake-lti-vocabulary.ts";

const DEEP_LINK_RETURN = /^\/deep_linking_response\/([^/]+)$/;
const LAUNCH_PAGE = /^\/courses\/launch\/([^/]+)$/;

/** Answers one request: the platform's OIDC, JWKS, token and registration endpoints, then its services. */
export async function route(state: PlatformState, req: FakeRequest, res: ServerResponse): Promise<void> {
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
