import { z } from "zod";

const LTI = "https://purl.imsglobal.org/spec/lti/claim/";

/** Claim names the tool reads from an id_token. */
export const CLAIM = {
  messageType: `${LTI}message_type`,
  version: `${LTI}version`,
  deploymentId: `${LTI}deployment_id`,
  targetLinkUri: `${LTI}target_link_uri`,
  roles: `${LTI}roles`,
  resourceLink: `${LTI}resource_link`,
  context: `${LTI}context`,
  custom: `${LTI}custom`,
  ags: "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
  nrps: "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice",
} as const;

/**
 * The LTI Advantage service claims. A malformed one does not refuse the launch (the pages work without
 * it); the service is simply treated as not offered.
 */
const agsClaimSchema = z.object({
  scope: z.array(z.string().max(300)).max(20).default([]),
  lineitems: z.url().max(2000).optional(),
  lineitem: z.url().max(2000).optional(),
});
/**
 * Custom parameters (strings by the spec; some platforms send numbers). StudyHall's Deep Linking puts
 * `studyhall_quiz` / `studyhall_material` here; a malformed claim is ignored like the service claims.
 */
const customClaimSchema = z
  .record(z.string().max(100), z.union([z.string().max(1000), z.number(), z.boolean()]).transform(String))
  .refine((c) => Object.keys(c).length <= 50);
const nrpsClaimSchema = z.object({
  context_memberships_url: z.url().max(2000),
  service_versions: z.array(z.string()).optional(),
});

export const MESSAGE_TYPES = ["LtiResourceLinkRequest", "LtiDeepLinkingRequest"] as const;

/**
 * The LTI 1.3 claims of a launch, after the signature and OIDC checks: what StudyHall needs to map the
 * launch to a person, a role and a course. Anything else in the token is left alone.
 */
export const launchClaimsSchema = z
  .object({
    sub: z.string().min(1).max(255),
    name: z.string().max(200).optional(),
    given_name: z.string().max(100).optional(),
    family_name: z.string().max(100).optional(),
    [CLAIM.messageType]: z.enum(MESSAGE_TYPES),
    [CLAIM.version]: z.literal("1.3.0"),
    [CLAIM.deploymentId]: z.string().min(1).max(255),
    [CLAIM.roles]: z.array(z.string()),
    [CLAIM.context]: z
      .object({
        id: z.string().min(1).max(255),
        title: z.string().max(200).optional(),
        label: z.string().max(200).optional(),
      })
      .optional(),
    [CLAIM.resourceLink]: z.object({ id: z.string().min(1) }).optional(),
  })
  .refine((c) => c[CLAIM.messageType] !== "LtiResourceLinkRequest" || c[CLAIM.resourceLink] !== undefined, {
    message: "a resource link launch needs a resource_link claim",
  });

/** The parts of a verified launch the rest of the tool uses, under plain names. */
export interface LaunchClaims {
  issuer: string;
  subject: string;
  displayName?: string;
  messageType: (typeof MESSAGE_TYPES)[number];
  deploymentId: string;
  roles: string[];
  context?: { id: string; title?: string; label?: string };
  resourceLinkId?: string;
  /** Assignment and Grade Services: the context's line items URL, this link's line item, the scopes. */
  ags?: { lineItemsUrl?: string; lineItemUrl?: string; scopes: string[] };
  /** Names and Role Provisioning Services: the context's memberships URL. */
  nrps?: { membershipsUrl: string };
  /** The link's custom parameters (e.g. `studyhall_quiz` on a link made by Deep Linking). */
  custom?: Record<string, string>;
}

/** Reads the claims of a verified id_token payload, or null when they are not a valid LTI 1.3 launch. */
export function readLaunchClaims(payload: Record<string, unknown>, issuer: string): LaunchClaims | null {
  const parsed = launchClaimsSchema.safeParse(payload);
  if (!parsed.success) return null;
  const c = parsed.data;
  const fullName = [c.given_name, c.family_name].filter(Boolean).join(" ");
  const displayName = c.name || fullName || undefined;
  const context = c[CLAIM.context];
  const ags = agsClaimSchema.safeParse(payload[CLAIM.ags]);
  const nrps = nrpsClaimSchema.safeParse(payload[CLAIM.nrps]);
  const custom = customClaimSchema.safeParse(payload[CLAIM.custom]);
  const resourceLinkId = c[CLAIM.resourceLink]?.id;
  return {
    issuer,
    subject: c.sub,
    ...(displayName ? { displayName } : {}),
    messageType: c[CLAIM.messageType],
    deploymentId: c[CLAIM.deploymentId],
    roles: c[CLAIM.roles],
    ...(context ? { context } : {}),
    ...(resourceLinkId ? { resourceLinkId } : {}),
    ...(ags.success
      ? {
          ags: {
            scopes: ags.data.scope,
            ...(ags.data.lineitems ? { lineItemsUrl: ags.data.lineitems } : {}),
            ...(ags.data.lineitem ? { lineItemUrl: ags.data.lineitem } : {}),
          },
        }
      : {}),
    ...(nrps.success ? { nrps: { membershipsUrl: nrps.data.context_memberships_url } } : {}),
    ...(custom.success ? { custom: custom.data } : {}),
  };
}
