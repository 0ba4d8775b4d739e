import { randomBytes } from "node:crypto";
import type { Prisma } from "@studyhall/core";
import { z } from "zod";
import { LtiRejection } from "./lti-rejection.ts";
import { recordLoginState } from "./record-login-state.ts";

/** The OIDC third-party initiated login request (query or form), as LTI 1.3 defines it. */
const loginRequestSchema = z.object({
  iss: z.string().min(1).max(500),
  login_hint: z.string().min(1).max(2000),
  target_link_uri: z.string().min(1).max(2000),
  client_id: z.string().min(1).max(255).optional(),
  lti_message_hint: z.string().max(4000).optional(),
  lti_deployment_id: z.string().min(1).max(255).optional(),
});

/**
 * Starts a login: finds the platform, records a fresh state and nonce (random, 256 bits each) bound to
 * it, and returns the platform's auth URL to redirect to. ltijs's own login makes the nonce with
 * Math.random and remembers neither it nor the state server-side (it relies on a cookie that LMS
 * iframes block); this replaces it. A launch is later accepted only with this state and this nonce.
 * What a flood of logins can store is bounded per platform (`maxLoginStates`, see record-login-state.ts).
 */
export async function startLogin(
  params: Record<string, unknown>,
  deps: { db: Prisma; launchUrl: string; now: () => number; maxLoginStates: number },
): Promise<{ redirectTo: string }> {
  const parsed = loginRequestSchema.safeParse(params);
  if (!parsed.success) throw new LtiRejection("missing_login_parameters");
  const p = parsed.data;
  const { db } = deps;
  // The launch must come back to this tool; anything else would make the login an open redirect.
  if (!sameOrigin(p.target_link_uri, deps.launchUrl)) throw new LtiRejection("target_link_foreign");

  const candidates = await db.ltiPlatform.findMany({
    where: { issuer: p.iss, ...(p.client_id ? { clientId: p.client_id } : {}) },
    include: { deployments: { select: { deploymentId: true } } },
    take: 2,
  });
  // Without client_id the issuer must name one registration (an issuer may have several).
  const platform = candidates.length === 1 ? candidates[0]! : undefined;
  if (!platform) throw new LtiRejection("platform_unknown");
  if (p.lti_deployment_id && !platform.deployments.some((d) => d.deploymentId === p.lti_deployment_id)) {
    throw new LtiRejection("deployment_unknown");
  }

  const state = randomBytes(32).toString("base64url");
  const nonce = randomBytes(32).toString("base64url");
  await recordLoginState(
    db,
    {
      state,
      nonce,
      platformId: platform.id,
      issuer: platform.issuer,
      clientId: platform.clientId,
      loginHint: p.login_hint,
      deploymentId: p.lti_deployment_id ?? null,
      targetLinkUri: p.target_link_uri,
    },
    { now: deps.now(), maxPerPlatform: deps.maxLoginStates },
  );
  const auth = new URL(platform.authUrl);
  const query: Record<string, string> = {
    scope: "openid",
    response_type: "id_token",
    response_mode: "form_post",
    prompt: "none",
    client_id: platform.clientId,
    redirect_uri: deps.launchUrl,
    login_hint: p.login_hint,
    state,
    nonce,
    ...(p.lti_message_hint ? { lti_message_hint: p.lti_message_hint } : {}),
  };
  for (const [key, value] of Object.entries(query)) auth.searchParams.set(key, value);
  return { redirectTo: auth.href };
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
