import { randomBytes } from "node:crypto";
import { SignJWT } from "jose";
import { cleverError, type FakeCleverState, type FakeReply, isClient, json } from "./fake-clever-state.ts";
import type { FakeUser, IssueCodeInput } from "./fake-clever-types.ts";

/** How long the fake's id tokens live. */
const ID_TOKEN_LIFETIME_S = 3600;

/** A code as Clever's authorize step would redirect with; good once, for its redirect URI. */
export function issueCode(state: FakeCleverState, input: IssueCodeInput): string {
  const district = state.districts.get(input.districtId);
  if (!district) throw new Error(`fake Clever: no district ${input.districtId}`);
  if (!district.users.some((user) => user.id === input.userId)) {
    throw new Error(`fake Clever: no user ${input.userId} in district ${input.districtId}`);
  }
  const code = `code-${randomBytes(12).toString("hex")}`;
  state.codes.set(code, { ...input, used: false });
  return code;
}

/**
 * The OAuth host's routes: the code exchange and district tokens (both by basic auth with the app's
 * client id and secret), the JWKS and the OpenID configuration. Undefined when no route matches.
 */
export async function handleOAuth(
  state: FakeCleverState,
  method: string,
  path: string,
  query: URLSearchParams,
  headers: { authorization?: string; "content-type"?: string },
  body: string,
): Promise<FakeReply | undefined> {
  if (method === "GET" && path === "/oauth/jwks") return json(200, { keys: [state.key.publicJwk] });
  if (method === "GET" && path === "/.well-known/openid-configuration")
    return json(200, openIdConfiguration(state));
  if (path !== "/oauth/tokens") return undefined;
  if (!isClient(state, headers.authorization)) return cleverError(401, "invalid_client");
  if (method === "GET") {
    if (query.get("owner_type") !== "district") return cleverError(400, "owner_type must be district");
    return json(200, { data: districtTokens(state), links: [] });
  }
  if (method === "POST") return exchange(state, parseBody(headers["content-type"], body));
  return cleverError(405, "Method Not Allowed");
}

function openIdConfiguration(state: FakeCleverState) {
  return {
    issuer: state.url,
    authorization_endpoint: `${state.url}/oauth/authorize`,
    token_endpoint: `${state.url}/oauth/tokens`,
    jwks_uri: `${state.url}/oauth/jwks`,
    response_types_supported: ["code"],
    id_token_signing_alg_values_supported: ["RS256"],
  };
}

function districtTokens(state: FakeCleverState) {
  return [...state.districts.values()]
    .filter((district) => !state.revokedTokens.has(district.token))
    .map((district) => ({
      id: `tok-${district.id}`,
      created: "2026-01-01T00:00:00.000Z",
      owner: { type: "district", id: district.id },
      access_token: district.token,
      scopes: [
        "read:district_admins",
        "read:school_admins",
        "read:students",
        "read:teachers",
        "read:user_id",
      ],
    }));
}

function parseBody(contentType: string | undefined, body: string): Record<string, unknown> {
  if ((contentType ?? "").startsWith("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(body));
  }
  try {
    const value: unknown = JSON.parse(body);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A used, unknown or mismatched code answers 400 invalid_grant, as OAuth (and Clever) does. */
async function exchange(state: FakeCleverState, body: Record<string, unknown>): Promise<FakeReply> {
  if (body.grant_type !== "authorization_code") return cleverError(400, "unsupported_grant_type");
  const code = typeof body.code === "string" ? state.codes.get(body.code) : undefined;
  if (!code || code.used) return cleverError(400, "invalid_grant");
  if (code.redirectUri !== undefined && body.redirect_uri !== code.redirectUri)
    return cleverError(400, "invalid_grant");
  code.used = true;
  const accessToken = `user-${randomBytes(16).toString("hex")}`;
  state.userTokens.set(accessToken, { districtId: code.districtId, userId: code.userId });
  const answer: Record<string, unknown> = { access_token: accessToken, token_type: "bearer" };
  if (code.idToken ?? state.oidc) answer.id_token = await signIdToken(state, code);
  return json(200, answer);
}

async function signIdToken(state: FakeCleverState, code: IssueCodeInput): Promise<string> {
  const user = state.districts.get(code.districtId)!.users.find((candidate) => candidate.id === code.userId)!;
  const iat = Math.floor(state.now().getTime() / 1000);
  const claims: Record<string, unknown> = {
    multi_role_user_id: user.id,
    user_id: typeof user.legacy_id === "string" ? user.legacy_id : user.id,
    user_type: code.userType ?? firstRole(user),
    district: code.districtId,
    ...(code.nonce ? { nonce: code.nonce } : {}),
    ...(typeof user.email === "string" ? { email: user.email } : {}),
  };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: state.key.kid })
    .setIssuer(state.url)
    .setAudience(state.clientId)
    .setSubject(user.id)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ID_TOKEN_LIFETIME_S)
    .sign(state.key.privateKey);
}

function firstRole(user: FakeUser): string {
  return (
    (["teacher", "student", "staff", "district_admin"] as const).find((role) => user.roles[role]) ?? "user"
  );
}
