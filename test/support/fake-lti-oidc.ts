// The platform's half of the LTI 1.3 launch (OIDC third-party initiated login, implicit flow with
// form_post): the login initiation it sends, and the authorization endpoint that signs the id_token.
import type { ServerResponse } from "node:http";
import { launchClaims } from "./fake-lti-claims.ts";
import {
  autoSubmitForm,
  escapeHtml,
  type FakeRequest,
  isForm,
  parseForm,
  sendError,
  sendHtml,
} from "./fake-lti-http.ts";
import { signClaims } from "./fake-lti-keys.ts";
import type { FakeLtiLaunchOptions, FakeLtiTool, PendingLaunch, PlatformState } from "./fake-lti-types.ts";

export function requireTool(state: PlatformState): NonNullable<PlatformState["tool"]> {
  if (!state.tool) throw new Error("fake LTI platform: registerTool() (or dynamic registration) first");
  return state.tool;
}

/** Records a launch the platform is about to start; its id is the `lti_message_hint`. */
export function startPendingLaunch(state: PlatformState, options: FakeLtiLaunchOptions): PendingLaunch {
  const tool = requireTool(state);
  const messageType = options.messageType ?? "LtiResourceLinkRequest";
  const deepLinking = messageType === "LtiDeepLinkingRequest";
  const id = state.nextId("launch");
  const launch: PendingLaunch = {
    id,
    options,
    messageType,
    deploymentId: options.deploymentId ?? state.deploymentIds[0]!,
    targetLinkUri:
      options.targetLinkUri ?? (deepLinking ? (tool.deepLinkUrl ?? tool.launchUrl) : tool.launchUrl),
    deepLinkData: `dl-data-${id}`,
  };
  state.pending.set(id, launch);
  if (options.context) state.contexts.set(options.context.id, options.context);
  if (deepLinking) state.deepLinkRequests.set(id, launch);
  return launch;
}

/** The parameters of the third-party initiated login request sent to the tool's login URL. */
export function loginParameters(state: PlatformState, launch: PendingLaunch): Record<string, string> {
  return {
    iss: state.issuer,
    login_hint: launch.options.user.sub,
    target_link_uri: launch.targetLinkUri,
    lti_message_hint: launch.id,
    client_id: state.clientId,
    lti_deployment_id: launch.deploymentId,
  };
}

export function loginUrlWithQuery(state: PlatformState, launch: PendingLaunch): string {
  const url = new URL(requireTool(state).loginUrl);
  for (const [name, value] of Object.entries(loginParameters(state, launch)))
    url.searchParams.set(name, value);
  return url.toString();
}

/** An LMS course page that shows the tool in an iframe, for a real browser (third-party context). */
export function launchPageHtml(state: PlatformState, launch: PendingLaunch): string {
  const src = escapeHtml(loginUrlWithQuery(state, launch));
  return (
    `<!doctype html><html><head><title>Fake ${state.flavour} course</title></head><body>` +
    `<h1>Course</h1><iframe id="tool" title="StudyHall" src="${src}" width="1000" height="800" ` +
    `allow="clipboard-write"></iframe></body></html>`
  );
}

/**
 * The authorization endpoint: checks the tool's authentication request as Canvas does, then answers a
 * page that form-posts `id_token` and `state` to the redirect URI. A launch is completed only once.
 */
export async function handleAuthorization(
  state: PlatformState,
  req: FakeRequest,
  res: ServerResponse,
): Promise<void> {
  const params = {
    ...Object.fromEntries(req.url.searchParams),
    ...(req.method === "POST" && isForm(req) ? parseForm(req.body) : {}),
  };
  const launch = state.pending.get(params.lti_message_hint ?? "");
  const problem = authorizationProblem(state, params, launch);
  if (problem || !launch) return sendError(res, 400, problem?.error ?? "invalid_request", problem?.why ?? "");
  state.pending.delete(launch.id);
  const tamper = launch.options.tamper ?? {};
  const signed = await signClaims(state.keys, launchClaims(state, launch, params.nonce!), {
    foreignKey: tamper.signWith === "foreign-key",
  });
  const fields = { id_token: tamper.replayOf ?? signed, state: tamper.state ?? params.state ?? "" };
  sendHtml(res, 200, autoSubmitForm(params.redirect_uri!, fields));
}

function authorizationProblem(
  state: PlatformState,
  params: Record<string, string>,
  launch: PendingLaunch | undefined,
): { error: string; why: string } | undefined {
  const invalid = (why: string) => ({ error: "invalid_request", why });
  if (!launch) return invalid("unknown or already used lti_message_hint");
  if (params.client_id !== state.clientId) return { error: "unauthorized_client", why: "unknown client_id" };
  if (!registeredRedirectUris(state.tool).includes(params.redirect_uri ?? "")) {
    return invalid(`redirect_uri ${params.redirect_uri ?? "(none)"} is not registered for this tool`);
  }
  if (params.response_type !== "id_token") {
    return { error: "unsupported_response_type", why: "response_type must be id_token" };
  }
  if (!(params.scope ?? "").split(" ").includes("openid"))
    return { error: "invalid_scope", why: "scope must be openid" };
  if (params.response_mode !== "form_post") return invalid("response_mode must be form_post");
  if (params.prompt !== "none") return invalid("prompt must be none");
  if (!params.nonce) return invalid("nonce is required");
  if (params.login_hint !== launch.options.user.sub)
    return { error: "login_required", why: "login_hint mismatch" };
  return undefined;
}

function registeredRedirectUris(tool: FakeLtiTool | undefined): string[] {
  if (!tool) return [];
  return [tool.launchUrl, ...(tool.deepLinkUrl ? [tool.deepLinkUrl] : []), ...(tool.redirectUris ?? [])];
}
