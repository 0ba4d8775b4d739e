// The OAuth 2 token endpoint of LTI Advantage (client credentials with a signed JWT assertion, RFC 7523)
// and the bearer-token check in front of every service endpoint.
import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { jwtVerify } from "jose";
import { type FakeRequest, isForm, parseForm, sendError, sendJson } from "./fake-lti-http.ts";
import type { PlatformState } from "./fake-lti-types.ts";
import { CLIENT_ASSERTION_TYPE, SCOPE } from "./fake-lti-vocabulary.ts";

export const ACCESS_TOKEN_LIFETIME_SECONDS = 3600;
const ADVANTAGE_SCOPES = new Set<string>(Object.values(SCOPE));

/** Answers a token request; returns the status it answered, for the request log. */
export async function handleTokenRequest(
  state: PlatformState,
  req: FakeRequest,
  res: ServerResponse,
): Promise<number> {
  const fail = (status: number, error: string, why: string) => {
    sendError(res, status, error, why);
    return status;
  };
  if (req.method !== "POST") return fail(405, "invalid_request", "POST only");
  if (!isForm(req)) return fail(400, "invalid_request", "form-encoded body required");
  const form = parseForm(req.body);
  if (form.grant_type !== "client_credentials") {
    return fail(400, "unsupported_grant_type", "grant_type must be client_credentials");
  }
  if (form.client_assertion_type !== CLIENT_ASSERTION_TYPE) {
    return fail(400, "invalid_request", `client_assertion_type must be ${CLIENT_ASSERTION_TYPE}`);
  }
  if (!form.client_assertion) return fail(400, "invalid_request", "client_assertion is required");
  const scopes = (form.scope ?? "").split(" ").filter(Boolean);
  if (scopes.length === 0 || scopes.some((scope) => !ADVANTAGE_SCOPES.has(scope))) {
    return fail(400, "invalid_scope", "scope must list LTI Advantage scopes only");
  }
  const verified = await verifyAssertion(state, form.client_assertion);
  if ("error" in verified) return fail(401, "invalid_client", verified.error);
  const scope = scopes.join(" ");
  state.tokenRequests.push({ scope, assertionClaims: verified.claims });
  const accessToken = randomBytes(24).toString("base64url");
  state.accessTokens.set(accessToken, {
    scopes,
    expiresAt: Date.now() + ACCESS_TOKEN_LIFETIME_SECONDS * 1000,
  });
  sendJson(res, 200, {
    access_token: accessToken,
    token_type: "Bearer",
    expires_in: ACCESS_TOKEN_LIFETIME_SECONDS,
    scope,
  });
  return 200;
}

/**
 * Verifies the client assertion: RS256 by a key of the tool's JWKS, iss = sub = client_id, aud = the
 * token URL, an exp in the future and a jti never seen before.
 */
async function verifyAssertion(
  state: PlatformState,
  assertion: string,
): Promise<{ claims: Record<string, unknown> } | { error: string }> {
  if (!state.tool) return { error: "no tool is registered" };
  try {
    const { payload } = await jwtVerify(assertion, state.tool.keySet, {
      algorithms: ["RS256"],
      issuer: state.clientId,
      subject: state.clientId,
      audience: state.issuer + state.layout.token,
      requiredClaims: ["exp", "jti"],
    });
    const jti = String(payload.jti);
    if (state.seenJtis.has(jti)) return { error: "client_assertion jti was already used" };
    state.seenJtis.add(jti);
    return { claims: payload as Record<string, unknown> };
  } catch (error) {
    return { error: `client_assertion rejected: ${(error as Error).message}` };
  }
}

/**
 * The bearer check of a service endpoint: 401 without a live token, 403 when the token lacks every
 * scope in `anyOf`. Answers the failure itself; returns the token's scopes (space separated) if it passed.
 */
export function checkBearer(
  state: PlatformState,
  req: FakeRequest,
  res: ServerResponse,
  anyOf: string[],
): { ok: true; scope: string } | { ok: false; status: number; scope?: string } {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
  const token = match ? state.accessTokens.get(match[1]!) : undefined;
  if (!token || token.expiresAt <= Date.now()) {
    res.setHeader("www-authenticate", 'Bearer error="invalid_token"');
    sendError(res, 401, "invalid_token", "a valid access token is required");
    return { ok: false, status: 401 };
  }
  const scope = token.scopes.join(" ");
  if (!anyOf.some((needed) => token.scopes.includes(needed))) {
    sendError(res, 403, "insufficient_scope", `needs one of: ${anyOf.join(" ")}`);
    return { ok: false, status: 403, scope };
  }
  return { ok: true, scope };
}
