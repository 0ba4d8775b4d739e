// LTI Dynamic Registration 1.0, platform side: the OpenID configuration (with the LTI platform
// configuration) and the client registration endpoint, which registers the tool it describes.
import type { ServerResponse } from "node:http";
import { createRemoteJWKSet } from "jose";
import { type FakeRequest, parseJsonObject, sendError, sendJson } from "./fake-lti-http.ts";
import type { FakeLtiTool, PlatformState } from "./fake-lti-types.ts";
import { PLATFORM_CONFIGURATION, SCOPE, TOOL_CONFIGURATION } from "./fake-lti-vocabulary.ts";

/** Binds a tool to the platform; the key set refetches on an unknown `kid`, so the tool may rotate keys. */
export function bindTool(state: PlatformState, tool: FakeLtiTool): void {
  const keySet = createRemoteJWKSet(new URL(tool.jwksUrl), { cooldownDuration: 0 });
  const { loginUrl, launchUrl, jwksUrl, deepLinkUrl, redirectUris } = tool;
  state.tool = { loginUrl, launchUrl, jwksUrl, deepLinkUrl, redirectUris, keySet };
}

export function openidConfiguration(state: PlatformState): Record<string, unknown> {
  const at = (path: string) => state.issuer + path;
  return {
    issuer: state.issuer,
    authorization_endpoint: at(state.layout.auth),
    token_endpoint: at(state.layout.token),
    token_endpoint_auth_methods_supported: ["private_key_jwt"],
    token_endpoint_auth_signing_alg_values_supported: ["RS256"],
    jwks_uri: at(state.layout.jwks),
    registration_endpoint: at(state.layout.registration),
    scopes_supported: ["openid", ...Object.values(SCOPE)],
    response_types_supported: ["id_token"],
    subject_types_supported: ["public", "pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    claims_supported: ["sub", "iss", "name", "given_name", "family_name", "email"],
    [PLATFORM_CONFIGURATION]: {
      product_family_code: state.layout.productFamilyCode,
      version: "1.0",
      messages_supported: [
        { type: "LtiResourceLinkRequest", placements: ["course_navigation"] },
        { type: "LtiDeepLinkingRequest", placements: ["link_selection", "assignment_selection"] },
      ],
      variables: ["Context.id", "ResourceLink.id", "User.id", "Person.email.primary"],
    },
  };
}

/** Accepts a registration with the Bearer registration token (or none, when the platform sent none). */
export function handleRegistration(state: PlatformState, req: FakeRequest, res: ServerResponse): number {
  const fail = (status: number, error: string, why: string) => {
    sendError(res, status, error, why);
    return status;
  };
  if (req.method !== "POST") return fail(405, "invalid_request", "POST only");
  const authorization = req.headers.authorization;
  const tokenOk = authorization
    ? authorization === `Bearer ${state.registrationToken}`
    : !state.requireRegistrationToken;
  if (!tokenOk) return fail(401, "invalid_token", "the registration token is missing or wrong");
  const body = parseJsonObject(req.body);
  const problem = registrationProblem(body);
  if (problem || !body) return fail(400, "invalid_client_metadata", problem ?? "");
  const toolConfiguration = body[TOOL_CONFIGURATION] as ToolConfiguration;
  const redirectUris = body.redirect_uris as string[];
  bindTool(state, {
    loginUrl: body.initiate_login_uri as string,
    launchUrl: toolConfiguration.target_link_uri,
    jwksUrl: body.jwks_uri as string,
    deepLinkUrl: toolConfiguration.messages?.find((m) => m.type === "LtiDeepLinkingRequest")?.target_link_uri,
    redirectUris,
  });
  state.registrations.push({ body, clientId: state.clientId });
  sendJson(res, 200, {
    ...body,
    client_id: state.clientId,
    [TOOL_CONFIGURATION]: { ...toolConfiguration, deployment_id: state.deploymentIds[0] },
  });
  return 200;
}

interface ToolConfiguration {
  domain: string;
  target_link_uri: string;
  claims: string[];
  messages?: Array<{ type: string; target_link_uri?: string }>;
}

function registrationProblem(body: Record<string, unknown> | undefined): string | undefined {
  if (!body) return "body must be a JSON object";
  const list = (name: string) => (Array.isArray(body[name]) ? (body[name] as unknown[]) : []);
  const isUrl = (value: unknown) => typeof value === "string" && URL.canParse(value);
  if (body.application_type !== "web") return "application_type must be web";
  if (!list("response_types").includes("id_token")) return "response_types must include id_token";
  const grants = list("grant_types");
  if (!grants.includes("implicit") || !grants.includes("client_credentials")) {
    return "grant_types must include implicit and client_credentials";
  }
  if (!isUrl(body.initiate_login_uri)) return "initiate_login_uri must be a URL";
  const redirects = list("redirect_uris");
  if (redirects.length === 0 || !redirects.every(isUrl)) return "redirect_uris must list URLs";
  if (typeof body.client_name !== "string" || body.client_name === "") return "client_name is required";
  if (!isUrl(body.jwks_uri)) return "jwks_uri must be a URL";
  if (body.token_endpoint_auth_method !== "private_key_jwt")
    return "token_endpoint_auth_method must be private_key_jwt";
  if (body.scope !== undefined && typeof body.scope !== "string")
    return "scope must be a space-separated string";
  const tool = body[TOOL_CONFIGURATION] as Partial<ToolConfiguration> | undefined;
  if (!tool || typeof tool !== "object") return `${TOOL_CONFIGURATION} is required`;
  if (typeof tool.domain !== "string" || tool.domain === "") return "tool configuration domain is required";
  if (!isUrl(tool.target_link_uri)) return "tool configuration target_link_uri must be a URL";
  if (tool.messages !== undefined && !Array.isArray(tool.messages))
    return "tool configuration messages must be a list";
  return undefined;
}
