import type { Prisma } from "@studyhall/core";
import { errors, exportJWK, type JWK, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from "jose";
import { type LaunchClaims, readLaunchClaims } from "../launch/launch-claims.ts";
import { LtiRejection, type RejectionReason } from "./lti-rejection.ts";

/** How long a login may take from our redirect to the platform's answer. */
export const LOGIN_MAX_AGE_MS = 10 * 60_000;
/** How old an id_token may be (its `iat`) when it reaches us; the browser posts it at once. */
export const ID_TOKEN_MAX_AGE_S = 60;
/** Clock difference tolerated between the platform and us. */
const CLOCK_TOLERANCE_S = 5;

export interface VerifiedLaunch {
  /** The login state: it names the launch, and the session its ltik stands for. */
  state: string;
  platform: { id: string; issuer: string; clientId: string };
  claims: LaunchClaims;
  /** The platform's public key that verified the id_token (from our cached copy of its JWKS). */
  platformKey: JWK;
}

export interface VerifyLaunchDeps {
  db: Prisma;
  keys: { forJwksUrl(url: string): JWTVerifyGetKey };
  now: () => number;
}

/**
 * Verifies a launch (the form the platform's auth endpoint made the browser post) against the login we
 * started, without cookies: the state must be one we issued, fresh and unused (it is used up here); the
 * id_token must be signed by a key in the platform's JWKS (RS256), issued by the state's issuer for the
 * state's client id, unexpired and recent, carry the state's nonce, name a registered deployment, and
 * be a valid LTI 1.3 message. Throws an {@link LtiRejection} naming the first check that failed.
 */
export async function verifyLaunch(
  form: { id_token?: unknown; state?: unknown },
  deps: VerifyLaunchDeps,
): Promise<VerifiedLaunch> {
  const { db, now } = deps;
  if (typeof form.id_token !== "string" || form.id_token.length === 0)
    throw new LtiRejection("missing_id_token");
  if (typeof form.state !== "string" || form.state.length === 0) throw new LtiRejection("missing_state");
  const state = form.state;

  const login = await db.ltiLoginState.findUnique({ where: { state } });
  if (!login) throw new LtiRejection("state_unknown");
  if (login.usedAt) throw new LtiRejection("state_replayed");
  // Used up before anything else is checked: a state is good for one attempt, whatever its outcome.
  const consumed = await db.ltiLoginState.updateMany({
    where: { state, usedAt: null },
    data: { usedAt: new Date(now()) },
  });
  if (consumed.count !== 1) throw new LtiRejection("state_replayed");
  if (now() - login.createdAt.getTime() > LOGIN_MAX_AGE_MS) throw new LtiRejection("state_expired");

  const platform = await db.ltiPlatform.findUnique({
    where: { issuer_clientId: { issuer: login.issuer, clientId: login.clientId } },
  });
  if (!platform) throw new LtiRejection("platform_unknown");

  const { payload, key } = await verifyIdToken(form.id_token, {
    key: deps.keys.forJwksUrl(platform.jwksUrl),
    issuer: platform.issuer,
    clientId: platform.clientId,
    now: now(),
  });
  if (payload.nonce !== login.nonce) throw new LtiRejection(await nonceRejection(db, payload.nonce));

  const claims = readLaunchClaims(payload, platform.issuer);
  if (!claims) throw new LtiRejection("claims_invalid");
  const deployment = await db.ltiDeployment.findUnique({
    where: { platformId_deploymentId: { platformId: platform.id, deploymentId: claims.deploymentId } },
  });
  if (!deployment) throw new LtiRejection("deployment_unknown");
  if (login.deploymentId && login.deploymentId !== claims.deploymentId) {
    throw new LtiRejection("deployment_mismatch");
  }
  return {
    state,
    platform: { id: platform.id, issuer: platform.issuer, clientId: platform.clientId },
    claims,
    platformKey: key,
  };
}

async function verifyIdToken(
  token: string,
  expected: { key: JWTVerifyGetKey; issuer: string; clientId: string; now: number },
): Promise<{ payload: JWTPayload; key: JWK }> {
  let payload: JWTPayload;
  let key: JWK;
  try {
    const verified = await jwtVerify(token, expected.key, {
      algorithms: ["RS256"],
      issuer: expected.issuer,
      audience: expected.clientId,
      requiredClaims: ["iss", "aud", "sub", "exp", "iat", "nonce"],
      maxTokenAge: ID_TOKEN_MAX_AGE_S,
      clockTolerance: CLOCK_TOLERANCE_S,
      currentDate: new Date(expected.now),
    });
    payload = verified.payload;
    key = { ...(await exportJWK(verified.key)), alg: "RS256", use: "sig" };
    if (verified.protectedHeader.kid) key.kid = verified.protectedHeader.kid;
  } catch (error) {
    throw new LtiRejection(tokenRejection(error), { cause: error });
  }
  // OIDC: with several audiences the authorised party must be us; when present it must always be us.
  const several = Array.isArray(payload.aud) && payload.aud.length > 1;
  if ((several || payload.azp !== undefined) && payload.azp !== expected.clientId) {
    throw new LtiRejection("wrong_audience");
  }
  return { payload, key };
}

function tokenRejection(error: unknown): RejectionReason {
  // jose reports both an `exp` in the past and an `iat` older than maxTokenAge as JWTExpired.
  if (error instanceof errors.JWTExpired) return error.claim === "iat" ? "token_stale" : "token_expired";
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case "iss":
        return "wrong_issuer";
      case "aud":
        return "wrong_audience";
      case "iat": // issued in the future
      case "nbf":
        return "token_not_yet_valid";
      default:
        return "claims_invalid";
    }
  }
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid)
    return "platform_keys_unavailable";
  if (error instanceof errors.JWTInvalid || error instanceof errors.JWSInvalid) return "malformed_token";
  if (error instanceof errors.JOSEError) return "bad_signature";
  // A JWKS that could not be fetched at all surfaces as a plain fetch error.
  return "platform_keys_unavailable";
}

/** A nonce that is not this login's: one a finished launch already used, or one we never issued. */
async function nonceRejection(db: Prisma, nonce: unknown): Promise<RejectionReason> {
  if (typeof nonce !== "string") return "nonce_foreign";
  const owner = await db.ltiLoginState.findUnique({ where: { nonce }, select: { usedAt: true } });
  return owner?.usedAt ? "nonce_replayed" : "nonce_foreign";
}
