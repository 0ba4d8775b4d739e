import {
  callerOf,
  cleverError,
  EVENT_WINDOW_MS,
  type FakeCaller,
  type FakeCleverState,
  type FakeReply,
  json,
} from "./fake-clever-state.ts";
import type { FakeCleverDistrict, FakeEvent, FakeRecord } from "./fake-clever-types.ts";

/** Clever's default and largest `limit`. */
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 10_000;

const COLLECTIONS = ["schools", "terms", "courses", "sections", "users"] as const;
type Collection = (typeof COLLECTIONS)[number];
const ROLES = new Set(["student", "teacher", "staff", "district_admin"]);

/**
 * The data API under /v3.0: injected 429s and failures first, then the bearer token, then the route.
 * A district token reads its district's data only; a user token reaches /me, its own user and its
 * district.
 */
export function handleDataApi(
  state: FakeCleverState,
  path: string,
  query: URLSearchParams,
  authorization: string | undefined,
): FakeReply {
  if (state.rateLimit.remaining > 0) {
    state.rateLimit.remaining -= 1;
    const headers =
      state.rateLimit.retryAfterS === null
        ? undefined
        : { "retry-after": String(state.rateLimit.retryAfterS) };
    return json(429, { error: "Too Many Requests" }, headers);
  }
  if (state.failures.remaining > 0) {
    state.failures.remaining -= 1;
    return cleverError(state.failures.status, "Service Unavailable");
  }
  const caller = callerOf(state, authorization);
  if (!caller) return cleverError(401, "Unauthorized");
  const parts = path.split("/").filter(Boolean).slice(1);
  const [resource, id, ...rest] = parts;
  if (rest.length > 0 || !resource) return cleverError(404, "Not Found");
  if (resource === "me" && !id) return me(caller);
  if (resource === "districts") return districts(caller, id);
  if (caller.kind === "user") return userScoped(caller, resource, id);
  if (resource === "events" && !id) return events(state, caller.district, query);
  if (!(COLLECTIONS as readonly string[]).includes(resource)) return cleverError(404, "Not Found");
  const records = collectionOf(caller.district, resource as Collection, query.get("role"));
  if (records === undefined) return cleverError(400, "invalid role");
  if (id) {
    const record = records.find((candidate) => candidate.id === id);
    return record ? json(200, { data: record, links: [] }) : cleverError(404, "Not Found");
  }
  return listPage(records, `/v3.0/${resource}`, query, (record) => `/v3.0/${resource}/${record.id}`);
}

function me(caller: FakeCaller): FakeReply {
  if (caller.kind === "district") {
    const data = { id: caller.district.id, district: caller.district.id, type: "district" };
    return json(200, { type: "district", data, links: [] });
  }
  const data = { id: caller.userId, district: caller.district.id, type: "user", authorized_by: "district" };
  return json(200, {
    type: "user",
    data,
    links: [{ rel: "canonical", uri: `/v3.0/users/${caller.userId}` }],
  });
}

function districts(caller: FakeCaller, id: string | undefined): FakeReply {
  const record = { id: caller.district.id, name: caller.district.name };
  if (!id) return json(200, { data: [{ data: record, uri: `/v3.0/districts/${record.id}` }], links: [] });
  return id === record.id ? json(200, { data: record, links: [] }) : cleverError(404, "Not Found");
}

function userScoped(
  caller: Extract<FakeCaller, { kind: "user" }>,
  resource: string,
  id: string | undefined,
): FakeReply {
  if (resource !== "users" || id !== caller.userId) return cleverError(403, "Forbidden");
  const user = caller.district.users.find((candidate) => candidate.id === id);
  return user ? json(200, { data: user, links: [] }) : cleverError(404, "Not Found");
}

/** A collection; for users, those with `role` (a multi-role user is listed under each of its roles). */
function collectionOf(
  district: FakeCleverDistrict,
  resource: Collection,
  role: string | null,
): FakeRecord[] | undefined {
  if (resource !== "users" || role === null) return district[resource];
  if (!ROLES.has(role)) return undefined;
  return district.users.filter((user) => (user.roles as Record<string, unknown> | undefined)?.[role]);
}

function limitOf(query: URLSearchParams): number {
  const asked = Number.parseInt(query.get("limit") ?? "", 10);
  return Number.isFinite(asked) && asked > 0 ? Math.min(asked, MAX_LIMIT) : DEFAULT_LIMIT;
}

/** Records sorted by id, those after `starting_after`, `limit` of them, and a `next` link while more remain. */
function listPage(
  records: FakeRecord[],
  basePath: string,
  query: URLSearchParams,
  uriOf: (record: FakeRecord) => string,
): FakeReply {
  const sorted = [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const after = query.get("starting_after");
  const start = after === null ? 0 : firstAfter(sorted, after);
  const limit = limitOf(query);
  const page = sorted.slice(start, start + limit);
  const links: Array<{ rel: string; uri: string }> = [{ rel: "self", uri: `${basePath}?${query}` }];
  const last = page.at(-1);
  if (last && start + limit < sorted.length) {
    const next = new URLSearchParams(query);
    next.set("limit", String(limit));
    next.set("starting_after", last.id);
    links.push({ rel: "next", uri: `${basePath}?${next}` });
  }
  return json(200, { data: page.map((record) => ({ data: record, uri: uriOf(record) })), links });
}

function firstAfter(sorted: FakeRecord[], id: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]!.id <= id) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * /v3.0/events, oldest first, only those inside the 30-day window. A starting_after (or ending_before)
 * that is not an event in the window answers 404, as Clever does for a cursor it no longer has.
 * Queued replays come first, with their own ids.
 */
function events(state: FakeCleverState, district: FakeCleverDistrict, query: URLSearchParams): FakeReply {
  const oldest = state.now().getTime() - EVENT_WINDOW_MS;
  const window = district.events.filter((event) => Date.parse(event.created) >= oldest);
  const limit = limitOf(query);
  const uriOf = (event: FakeEvent) => `/v3.0/events/${event.id}`;
  const before = query.get("ending_before");
  if (before !== null) {
    const end = before === "last" ? window.length : window.findIndex((event) => event.id === before);
    if (end < 0) return cleverError(404, `ending_before ${before} is not an event in the window`);
    const page = window.slice(Math.max(0, end - limit), end);
    return json(200, { data: page.map((event) => ({ data: event, uri: uriOf(event) })), links: [] });
  }
  const after = query.get("starting_after");
  let start = 0;
  if (after !== null) {
    const at = window.findIndex((event) => event.id === after);
    if (at < 0) return cleverError(404, `starting_after ${after} is not an event in the window`);
    start = at + 1;
  }
  const replays = state.replays.get(district.id) ?? [];
  state.replays.delete(district.id);
  const page = window.slice(start, start + Math.max(1, limit - replays.length));
  const links: Array<{ rel: string; uri: string }> = [];
  const last = page.at(-1);
  if (last && start + page.length < window.length) {
    const next = new URLSearchParams(query);
    next.set("limit", String(limit));
    next.set("starting_after", last.id);
    links.push({ rel: "next", uri: `/v3.0/events?${next}` });
  }
  const served = [...replays, ...page];
  return json(200, { data: served.map((event) => ({ data: event, uri: uriOf(event) })), links });
}
