import type { PendingLaunch, PlatformState } from "./fake-lti-types.ts";
import { AGS_SCOPES, CLAIM, COURSE_OFFERING, LTI_VERSION } from "./fake-lti-vocabulary.ts";

/** How long an id_token is valid: 5 minutes, as Canvas issues them. */
export const ID_TOKEN_LIFETIME_SECONDS = 300;
const DEFAULT_RESOURCE_LINK = { id: "RL1" };

/** The URL of the return endpoint of one Deep Linking request. */
export function deepLinkReturnUrl(state: PlatformState, launchId: string): string {
  return `${state.issuer}/deep_linking_response/${encodeURIComponent(launchId)}`;
}

export function lineItemUrl(state: PlatformState, item: { contextId: string; id: string }): string {
  return state.issuer + state.layout.lineItem(item.contextId, item.id);
}

/**
 * The claims of the id_token for a launch, as Canvas and Moodle send them: OIDC claims, the LTI core
 * claims, and each LTI Advantage service the platform offers. `tamper.claims` is applied last.
 */
export function launchClaims(
  state: PlatformState,
  launch: PendingLaunch,
  nonce: string,
): Record<string, unknown> {
  const { options } = launch;
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    iss: state.issuer,
    aud: state.clientId,
    azp: state.clientId,
    sub: options.user.sub,
    nonce,
    iat: now,
    exp: now + ID_TOKEN_LIFETIME_SECONDS,
    ...personClaims(options.user),
    [CLAIM.messageType]: launch.messageType,
    [CLAIM.version]: LTI_VERSION,
    [CLAIM.deploymentId]: launch.deploymentId,
    [CLAIM.targetLinkUri]: launch.targetLinkUri,
    [CLAIM.roles]: options.user.roles,
    [CLAIM.launchPresentation]: { document_target: "iframe", locale: "en", return_url: `${state.issuer}/` },
    [CLAIM.toolPlatform]: {
      guid: `${state.flavour}-fake-${new URL(state.issuer).port}`,
      name: state.flavour === "moodle" ? "Fake Moodle" : "Fake Canvas",
      product_family_code: state.layout.productFamilyCode,
      version: "1.0",
    },
  };
  if (options.custom) claims[CLAIM.custom] = options.custom;
  const context = options.context;
  if (context) {
    claims[CLAIM.context] = {
      id: context.id,
      label: context.label,
      title: context.title,
      type: [COURSE_OFFERING],
    };
  }
  const resourceLink = options.resourceLink ?? DEFAULT_RESOURCE_LINK;
  if (launch.messageType === "LtiResourceLinkRequest") claims[CLAIM.resourceLink] = resourceLink;
  if (launch.messageType === "LtiDeepLinkingRequest") {
    claims[CLAIM.deepLinkingSettings] = {
      deep_link_return_url: deepLinkReturnUrl(state, launch.id),
      accept_types: ["ltiResourceLink"],
      accept_presentation_document_targets: ["iframe", "window"],
      accept_multiple: true,
      auto_create: true,
      data: launch.deepLinkData,
    };
  }
  if (context && state.services.nrps) {
    claims[CLAIM.nrps] = {
      context_memberships_url: state.issuer + state.layout.memberships(context.id),
      service_versions: ["2.0"],
    };
  }
  if (context && state.services.ags) {
    const linked =
      launch.messageType === "LtiResourceLinkRequest"
        ? state.lineItems.find(
            (item) => item.contextId === context.id && item.resourceLinkId === resourceLink.id,
          )
        : undefined;
    claims[CLAIM.ags] = {
      scope: AGS_SCOPES,
      lineitems: state.issuer + state.layout.lineItems(context.id),
      ...(linked ? { lineitem: lineItemUrl(state, linked) } : {}),
    };
  }
  return applyTamper(claims, options.tamper?.claims);
}

function personClaims(user: PendingLaunch["options"]["user"]): Record<string, string> {
  const claims: Record<string, string> = {};
  if (user.name !== undefined) claims.name = user.name;
  if (user.givenName !== undefined) claims.given_name = user.givenName;
  if (user.familyName !== undefined) claims.family_name = user.familyName;
  if (user.email !== undefined) claims.email = user.email;
  return claims;
}

function applyTamper(
  claims: Record<string, unknown>,
  changes: Record<string, unknown> | undefined,
): Record<string, unknown> {
  for (const [name, value] of Object.entries(changes ?? {})) {
    if (value === undefined) delete claims[name];
    else claims[name] = value;
  }
  return claims;
}
