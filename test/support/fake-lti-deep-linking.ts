// The Deep Linking return URL: verifies the tool's LtiDeepLinkingResponse JWT against the tool's JWKS and,
// when valid, creates what Canvas creates from it: a resource link per item and a line item for gradable ones.
import type { ServerResponse } from "node:http";
import { decodeJwt, jwtVerify } from "jose";
import { escapeHtml, type FakeRequest, isForm, parseForm, sendHtml } from "./fake-lti-http.ts";
import type { FakeResourceLink, PendingLaunch, PlatformState } from "./fake-lti-types.ts";
import { CLAIM, LTI_VERSION } from "./fake-lti-vocabulary.ts";

type Verdict = { claims: Record<string, unknown>; error?: string };

export async function handleDeepLinkReturn(
  state: PlatformState,
  req: FakeRequest,
  res: ServerResponse,
  launchId: string,
): Promise<void> {
  const jwt = req.method === "POST" && isForm(req) ? parseForm(req.body).JWT : undefined;
  const request = state.deepLinkRequests.get(launchId);
  const verdict: Verdict = !jwt
    ? { claims: {}, error: "a form field JWT is required" }
    : !request
      ? { claims: safeDecode(jwt), error: "unknown or already answered deep linking request" }
      : await verifyResponse(state, request, jwt);
  state.deepLinkResponses.push({
    claims: verdict.claims,
    valid: !verdict.error,
    ...(verdict.error ? { error: verdict.error } : {}),
  });
  if (verdict.error || !request) {
    return sendHtml(
      res,
      400,
      `<!doctype html><p>Deep linking failed: ${escapeHtml(verdict.error ?? "")}</p>`,
    );
  }
  state.deepLinkRequests.delete(launchId);
  const links = createLinks(state, request, verdict.claims[CLAIM.contentItems] as ContentItem[] | undefined);
  sendHtml(res, 200, `<!doctype html><p>${links.length} item(s) added to the course.</p>`);
}

function safeDecode(jwt: string): Record<string, unknown> {
  try {
    return decodeJwt(jwt) as Record<string, unknown>;
  } catch {
    return {};
  }
}

async function verifyResponse(state: PlatformState, request: PendingLaunch, jwt: string): Promise<Verdict> {
  if (!state.tool) return { claims: safeDecode(jwt), error: "no tool is registered" };
  let claims: Record<string, unknown>;
  try {
    const verified = await jwtVerify(jwt, state.tool.keySet, {
      algorithms: ["RS256"],
      issuer: state.clientId,
      audience: state.issuer,
      requiredClaims: ["iat", "exp", "nonce"],
    });
    claims = verified.payload as Record<string, unknown>;
  } catch (error) {
    return { claims: safeDecode(jwt), error: `JWT rejected: ${(error as Error).message}` };
  }
  const problem = claimProblem(claims, request);
  return problem ? { claims, error: problem } : { claims };
}

function claimProblem(claims: Record<string, unknown>, request: PendingLaunch): string | undefined {
  if (claims[CLAIM.messageType] !== "LtiDeepLinkingResponse")
    return "message_type must be LtiDeepLinkingResponse";
  if (claims[CLAIM.version] !== LTI_VERSION) return `version must be ${LTI_VERSION}`;
  if (claims[CLAIM.deploymentId] !== request.deploymentId) return "deployment_id does not match the request";
  if (claims[CLAIM.deepLinkingData] !== request.deepLinkData) return "data was not echoed from the request";
  const items = claims[CLAIM.contentItems];
  if (items === undefined) return undefined;
  if (!Array.isArray(items)) return "content_items must be an array";
  for (const item of items as ContentItem[]) {
    if (item?.type !== "ltiResourceLink") return `content item type ${String(item?.type)} was not accepted`;
    const lineItem = item.lineItem;
    if (lineItem && !(typeof lineItem.scoreMaximum === "number" && lineItem.scoreMaximum > 0)) {
      return "lineItem.scoreMaximum must be a number above 0";
    }
  }
  return undefined;
}

interface ContentItem {
  type?: string;
  url?: string;
  title?: string;
  custom?: Record<string, string>;
  lineItem?: { scoreMaximum?: number; label?: string; resourceId?: string; tag?: string };
}

function createLinks(
  state: PlatformState,
  request: PendingLaunch,
  items: ContentItem[] = [],
): FakeResourceLink[] {
  const contextId = request.options.context?.id;
  return items.map((item) => {
    const link: FakeResourceLink = { id: state.nextId("rl"), contextId, title: item.title, url: item.url };
    if (item.custom) link.custom = item.custom;
    if (item.lineItem && contextId) {
      link.lineItemId = state.nextId("li");
      state.lineItems.push({
        id: link.lineItemId,
        contextId,
        label: item.lineItem.label ?? item.title ?? "Untitled",
        scoreMaximum: item.lineItem.scoreMaximum!,
        resourceLinkId: link.id,
        ...(item.lineItem.resourceId ? { resourceId: item.lineItem.resourceId } : {}),
        ...(item.lineItem.tag ? { tag: item.lineItem.tag } : {}),
      });
    }
    state.resourceLinks.push(link);
    return link;
  });
}
