// Assignment and Grade Services 2.0: line items (container and item), scores and results, each with its
// own media type and scope. Answers the request and returns the status, for the request log.
import type { ServerResponse } from "node:http";
import { lineItemUrl } from "./fake-lti-claims.ts";
import {
  acceptsExactly,
  type FakeRequest,
  mediaTypeOf,
  parseJsonObject,
  sendError,
  sendJson,
} from "./fake-lti-http.ts";
import { pageOf } from "./fake-lti-nrps.ts";
import { checkBearer } from "./fake-lti-token.ts";
import type { FakeLineItem, PlatformState, ServiceOutcome } from "./fake-lti-types.ts";
import { MEDIA, SCOPE } from "./fake-lti-vocabulary.ts";

const LINE_ITEM_PAGE_SIZE = 50;
const ACTIVITY = ["Initialized", "Started", "InProgress", "Submitted", "Completed"];
const GRADING = ["FullyGraded", "Pending", "PendingManual", "Failed", "NotReady"];
const READ = [SCOPE.lineItem, SCOPE.lineItemReadonly];

type Route = { kind: "lineItems" } | { kind: "lineItem" | "scores" | "results"; lineItemId: string };

export function handleAgs(
  state: PlatformState,
  req: FakeRequest,
  res: ServerResponse,
  contextId: string,
  route: Route,
): ServiceOutcome {
  const fail = (status: number, error: string, why: string, scope?: string): ServiceOutcome => {
    sendError(res, status, error, why);
    return { status, scope };
  };
  const needs = scopesFor(req.method, route.kind);
  if (!needs) return fail(405, "invalid_request", `${req.method} is not allowed here`);
  const bearer = checkBearer(state, req, res, needs.scopes);
  if (!bearer.ok) return { status: bearer.status, scope: bearer.scope };
  const scope = bearer.scope;
  if (needs.accept && !acceptsExactly(req, needs.accept)) {
    return fail(406, "not_acceptable", `Accept must name ${needs.accept}`, scope);
  }
  if (needs.contentType && mediaTypeOf(req.headers["content-type"]) !== needs.contentType) {
    return fail(415, "unsupported_media_type", `Content-Type must be ${needs.contentType}`, scope);
  }
  if (route.kind === "lineItems") {
    return {
      status:
        req.method === "GET"
          ? listLineItems(state, req, res, contextId)
          : createLineItem(state, req, res, contextId),
      scope,
    };
  }
  const item = state.lineItems.find((it) => it.id === route.lineItemId && it.contextId === contextId);
  if (!item) return fail(404, "not_found", "no such line item in this context", scope);
  if (route.kind === "scores") return { status: postScore(state, req, res, item), scope };
  if (route.kind === "results") return { status: listResults(state, req, res, item), scope };
  if (req.method === "GET") {
    sendJson(res, 200, lineItemJson(state, item), MEDIA.lineItem);
    return { status: 200, scope };
  }
  if (req.method === "DELETE") {
    state.lineItems.splice(state.lineItems.indexOf(item), 1);
    res.writeHead(204).end();
    return { status: 204, scope };
  }
  return { status: updateLineItem(state, req, res, item), scope };
}

function scopesFor(
  method: string,
  kind: Route["kind"],
): { scopes: string[]; accept?: string; contentType?: string } | undefined {
  const key = `${method} ${kind}`;
  if (key === "GET lineItems") return { scopes: READ, accept: MEDIA.lineItemContainer };
  if (key === "POST lineItems") return { scopes: [SCOPE.lineItem], contentType: MEDIA.lineItem };
  if (key === "GET lineItem") return { scopes: READ, accept: MEDIA.lineItem };
  if (key === "PUT lineItem") return { scopes: [SCOPE.lineItem], contentType: MEDIA.lineItem };
  if (key === "DELETE lineItem") return { scopes: [SCOPE.lineItem] };
  if (key === "POST scores") return { scopes: [SCOPE.score], contentType: MEDIA.score };
  if (key === "GET results") return { scopes: [SCOPE.resultReadonly], accept: MEDIA.resultContainer };
  return undefined;
}

export function lineItemJson(state: PlatformState, item: FakeLineItem): Record<string, unknown> {
  const { id: _id, contextId: _context, ...fields } = item;
  return { id: lineItemUrl(state, item), ...fields };
}

function listLineItems(
  state: PlatformState,
  req: FakeRequest,
  res: ServerResponse,
  contextId: string,
): number {
  const q = req.url.searchParams;
  const matches = state.lineItems.filter(
    (item) =>
      item.contextId === contextId &&
      (!q.has("resource_link_id") || item.resourceLinkId === q.get("resource_link_id")) &&
      (!q.has("resource_id") || item.resourceId === q.get("resource_id")) &&
      (!q.has("tag") || item.tag === q.get("tag")),
  );
  const { items, headers } = pageOf(matches, req.url, LINE_ITEM_PAGE_SIZE);
  const body = items.map((item) => lineItemJson(state, item));
  sendJson(res, 200, body, MEDIA.lineItemContainer, headers);
  return 200;
}

/** Reads and checks a line item body; answers 400 itself and returns undefined when it is not valid. */
function readLineItem(req: FakeRequest, res: ServerResponse): Record<string, unknown> | undefined {
  const body = parseJsonObject(req.body);
  const why = !body
    ? "body must be a JSON object"
    : typeof body.label !== "string" || body.label.trim() === ""
      ? "label is required"
      : typeof body.scoreMaximum !== "number" || !(body.scoreMaximum > 0)
        ? "scoreMaximum must be a number above 0"
        : undefined;
  if (why) sendError(res, 400, "invalid_request", why);
  return why ? undefined : body;
}

function createLineItem(
  state: PlatformState,
  req: FakeRequest,
  res: ServerResponse,
  contextId: string,
): number {
  const body = readLineItem(req, res);
  if (!body) return 400;
  const item: FakeLineItem = { ...pickLineItemFields(body), id: state.nextId("li"), contextId };
  state.lineItems.push(item);
  sendJson(res, 201, lineItemJson(state, item), MEDIA.lineItem);
  return 201;
}

function updateLineItem(
  state: PlatformState,
  req: FakeRequest,
  res: ServerResponse,
  item: FakeLineItem,
): number {
  const body = readLineItem(req, res);
  if (!body) return 400;
  if (body.id !== undefined && body.id !== lineItemUrl(state, item)) {
    sendError(res, 400, "invalid_request", "id cannot change");
    return 400;
  }
  Object.assign(item, pickLineItemFields(body));
  sendJson(res, 200, lineItemJson(state, item), MEDIA.lineItem);
  return 200;
}

function pickLineItemFields(body: Record<string, unknown>): Omit<FakeLineItem, "id" | "contextId"> {
  const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : undefined);
  const fields: Omit<FakeLineItem, "id" | "contextId"> = {
    label: body.label as string,
    scoreMaximum: body.scoreMaximum as number,
  };
  for (const name of ["resourceLinkId", "resourceId", "tag", "startDateTime", "endDateTime"] as const) {
    const value = text(name);
    if (value !== undefined) fields[name] = value;
  }
  return fields;
}

function scoreProblem(body: Record<string, unknown> | undefined): string | undefined {
  if (!body) return "body must be a JSON object";
  if (typeof body.userId !== "string" || body.userId === "") return "userId is required";
  if (!ACTIVITY.includes(body.activityProgress as string)) return "activityProgress is not valid";
  if (!GRADING.includes(body.gradingProgress as string)) return "gradingProgress is not valid";
  const timestamp = body.timestamp;
  if (
    typeof timestamp !== "string" ||
    !/(Z|[+-]\d\d:\d\d)$/.test(timestamp) ||
    Number.isNaN(Date.parse(timestamp))
  ) {
    return "timestamp must be an ISO 8601 date-time with a time zone";
  }
  if (body.scoreGiven !== undefined) {
    if (typeof body.scoreGiven !== "number" || body.scoreGiven < 0) return "scoreGiven must be a number >= 0";
    if (typeof body.scoreMaximum !== "number" || !(body.scoreMaximum > 0)) {
      return "scoreMaximum is required with scoreGiven";
    }
  }
  return undefined;
}

function latestScore(state: PlatformState, lineItemId: string, userId: string) {
  let latest: { at: number; body: Record<string, unknown> } | undefined;
  for (const score of state.scores) {
    if (score.lineItemId !== lineItemId || score.body.userId !== userId) continue;
    const at = Date.parse(score.body.timestamp as string);
    if (!latest || at > latest.at) latest = { at, body: score.body };
  }
  return latest;
}

function postScore(state: PlatformState, req: FakeRequest, res: ServerResponse, item: FakeLineItem): number {
  const body = parseJsonObject(req.body);
  const problem = scoreProblem(body);
  if (problem || !body) {
    sendError(res, 400, "invalid_request", problem ?? "");
    return 400;
  }
  // The spec forbids applying a score older than the result on record; Canvas answers 409 for it.
  const previous = latestScore(state, item.id, body.userId as string);
  if (previous && Date.parse(body.timestamp as string) <= previous.at) {
    sendError(res, 409, "conflict", "timestamp is not after the timestamp of the score on record");
    return 409;
  }
  state.scores.push({ lineItemId: item.id, body, receivedAt: Date.now() });
  sendJson(res, 200, { resultUrl: `${lineItemUrl(state, item)}#results` });
  return 200;
}

function listResults(
  state: PlatformState,
  req: FakeRequest,
  res: ServerResponse,
  item: FakeLineItem,
): number {
  const only = req.url.searchParams.get("user_id");
  const users = new Set(
    state.scores.filter((s) => s.lineItemId === item.id).map((s) => s.body.userId as string),
  );
  const results = [...users]
    .filter((userId) => !only || userId === only)
    .map((userId) => {
      const score = latestScore(state, item.id, userId)!.body;
      const given = typeof score.scoreGiven === "number" ? score.scoreGiven : undefined;
      const maximum = typeof score.scoreMaximum === "number" ? score.scoreMaximum : item.scoreMaximum;
      return {
        id: `${lineItemUrl(state, item)}#result-${encodeURIComponent(userId)}`,
        scoreOf: lineItemUrl(state, item),
        userId,
        resultScore: given === undefined ? undefined : (given / maximum) * item.scoreMaximum,
        resultMaximum: item.scoreMaximum,
        comment: score.comment,
      };
    });
  const { items, headers } = pageOf(results, req.url, LINE_ITEM_PAGE_SIZE);
  sendJson(res, 200, items, MEDIA.resultContainer, headers);
  return 200;
}
