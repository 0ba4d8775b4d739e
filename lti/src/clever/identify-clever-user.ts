import { type JWTVerifyGetKey, jwtVerify } from "jose";
import { z } from "zod";
import { LtiRejection } from "../security/lti-rejection.ts";
import type { CleverOAuthClient } from "./clever-oauth.ts";
import { type CleverRole, type CleverUser, rolesOf } from "./clever-records.ts";
import type { CleverSignIn } from "./clever-session.ts";

/** How to check Clever's OIDC id token: its keys (JWKS), its issuer and our client id as audience. */
export interface CleverIdTokenCheck {
  keys: JWTVerifyGetKey;
  issuer: string;
  clientId: string;
}

// Clever's id token names the v3 user id `multi_role_user_id` (`sub` is the same id) and the one role
// the person signed in with as `user_type`, in words ("district admin").
const idTokenClaims = z.object({
  sub: z.string().min(1).max(255),
  multi_role_user_id: z.string().min(1).max(255).optional(),
  district: z.string().min(1).max(255),
  user_type: z.string().max(50).optional(),
  given_name: z.string().max(200).nullish(),
  family_name: z.string().max(200).nullish(),
});

const USER_TYPES: Record<string, CleverRole> = {
  student: "student",
  teacher: "teacher",
  staff: "staff",
  "district admin": "district_admin",
  district_admin: "district_admin",
};

/**
 * Who the code's tokens belong to. With OIDC on and an id token in hand: its signature (Clever's JWKS),
 * issuer, audience and expiry are checked and its claims name the person. Otherwise `/me` names the user
 * and district, and `/users/{id}` gives the name and every role (a multi-role user has several).
 */
export async function identifyCleverUser(
  deps: { oauth: CleverOAuthClient; idToken?: CleverIdTokenCheck },
  tokens: { accessToken: string; idToken?: string },
): Promise<CleverSignIn> {
  if (deps.idToken && tokens.idToken) return fromIdToken(deps.idToken, tokens.idToken);
  const me = await deps.oauth.me(tokens.accessToken);
  if (!me.id || !me.district) throw new LtiRejection("clever_sign_in_failed");
  const user = await deps.oauth.user(tokens.accessToken, me.id);
  if (user.id !== me.id) throw new LtiRejection("clever_sign_in_failed");
  return {
    districtId: me.district,
    userId: me.id,
    ...nameOf(user),
    roles: rolesOf(user),
  };
}

async function fromIdToken(check: CleverIdTokenCheck, idToken: string): Promise<CleverSignIn> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(idToken, check.keys, {
      issuer: check.issuer,
      audience: check.clientId,
      algorithms: ["RS256"],
    }));
  } catch (error) {
    throw new LtiRejection("clever_sign_in_failed", { cause: error });
  }
  const claims = idTokenClaims.safeParse(payload);
  if (!claims.success) throw new LtiRejection("clever_sign_in_failed", { cause: claims.error });
  const { multi_role_user_id, sub, district, user_type, given_name, family_name } = claims.data;
  const role = user_type ? USER_TYPES[user_type.toLowerCase()] : undefined;
  const displayName = [given_name, family_name]
    .map((part) => part?.trim())
    .filter(Boolean)
    .join(" ");
  return {
    districtId: district,
    userId: multi_role_user_id ?? sub,
    ...(displayName ? { displayName } : {}),
    roles: role ? [role] : [],
  };
}

function nameOf(user: CleverUser): { displayName?: string } {
  const parts = [user.name?.first, user.name?.middle, user.name?.last].map((part) => part?.trim());
  const displayName = parts.filter(Boolean).join(" ");
  return displayName ? { displayName } : {};
}
