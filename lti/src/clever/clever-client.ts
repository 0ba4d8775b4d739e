import type { Logger } from "@studyhall/core";
import { z } from "zod";
import { CleverCursorExpired, CleverRequestRefused } from "./clever-errors.ts";
import {
  type CleverAnswer,
  type CleverTransport,
  callClever,
  DEFAULT_CLEVER_MAX_RETRIES,
  DEFAULT_CLEVER_TIMEOUT_MS,
  errorText,
  realSleep,
} from "./clever-http.ts";
import {
  type CleverCourse,
  type CleverDistrict,
  type CleverEvent,
  type CleverSchool,
  type CleverSection,
  type CleverTerm,
  type CleverUser,
  cleverCourseSchema,
  cleverDistrictSchema,
  cleverEventSchema,
  cleverSchoolSchema,
  cleverSectionSchema,
  cleverTermSchema,
  cleverUserSchema,
  describeIssues,
} from "./clever-records.ts";

/** Records per page unless the caller says otherwise: Clever allows large pages, and fewer calls are cheaper. */
export const DEFAULT_CLEVER_PAGE_LIMIT = 1_000;

export interface CleverHttpOptions {
  /** The data API's origin, e.g. https://api.clever.com (no version: paths carry /v3.0). */
  apiUrl: string;
  fetch?: typeof fetch;
  /** How retries wait; tests pass one that records the wait and returns at once. */
  sleep?: (ms: number) => Promise<void>;
  maxRetries?: number;
  /** The deadline of each call (each attempt of it). */
  timeoutMs?: number;
  /** The caller's signal (a job whose claim was lost): aborts a call at once. */
  signal?: AbortSignal;
  /** `limit` of every list call. */
  pageLimit?: number;
  log: Logger;
}

export type CleverResource =
  | "schools"
  | "terms"
  | "courses"
  | "sections"
  | "users:student"
  | "users:teacher"
  | "users:staff"
  | "users:district_admin";

/** The record type each resource lists. */
export interface CleverResourceRecords {
  schools: CleverSchool;
  terms: CleverTerm;
  courses: CleverCourse;
  sections: CleverSection;
  "users:student": CleverUser;
  "users:teacher": CleverUser;
  "users:staff": CleverUser;
  "users:district_admin": CleverUser;
}

/** A record of the page that failed its schema: skipped, and reported with its id when it had one. */
export interface CleverInvalidRecord {
  id?: string;
  message: string;
}

export interface CleverPage<T> {
  records: T[];
  /** The `next` link's uri, to be passed back verbatim; null on the last page. */
  next: string | null;
  invalid: CleverInvalidRecord[];
}

export type CleverRecordOf<R extends CleverResource> = CleverResourceRecords[R];

/** The district data one district-app token reads. */
export interface CleverDataClient {
  /** The token's one district (GET /v3.0/districts). */
  district(): Promise<CleverDistrict>;
  /** The first page of `resource` when `next` is absent, else the page `next` names. */
  page<R extends CleverResource>(resource: R, next?: string | null): Promise<CleverPage<CleverRecordOf<R>>>;
  /** Events after `startingAfter` (from the window's start when null); CleverCursorExpired when it is gone. */
  events(startingAfter: string | null, next?: string | null): Promise<CleverPage<CleverEvent>>;
  /** The newest event's id, to start from after a full sync; null when the district has none. */
  latestEventId(): Promise<string | null>;
}

const RESOURCES: Record<
  CleverResource,
  { path: string; role?: string; schema: z.ZodType<CleverRecordOf<CleverResource>> }
> = {
  schools: { path: "/v3.0/schools", schema: cleverSchoolSchema },
  terms: { path: "/v3.0/terms", schema: cleverTermSchema },
  courses: { path: "/v3.0/courses", schema: cleverCourseSchema },
  sections: { path: "/v3.0/sections", schema: cleverSectionSchema },
  "users:student": { path: "/v3.0/users", role: "student", schema: cleverUserSchema },
  "users:teacher": { path: "/v3.0/users", role: "teacher", schema: cleverUserSchema },
  "users:staff": { path: "/v3.0/users", role: "staff", schema: cleverUserSchema },
  "users:district_admin": { path: "/v3.0/users", role: "district_admin", schema: cleverUserSchema },
};

/** Clever's list envelope: `{ data: [{ data: {...}, uri }], links: [{ rel, uri }] }`. */
const listEnvelopeSchema = z.object({
  data: z.array(z.unknown()),
  links: z
    .array(z.object({ rel: z.string(), uri: z.string() }))
    .nullish()
    .transform((links) => links ?? []),
});

const itemEnvelopeSchema = z.object({ data: z.unknown() });

/**
 * A client for one district's data, by its district-app token. It follows `next` links verbatim and
 * never computes an offset; every answer is checked with zod, and a record that fails is skipped and
 * reported in the page's `invalid`, never the whole page.
 */
export function createCleverDataClient(options: CleverHttpOptions, token: string): CleverDataClient {
  const transport: CleverTransport = {
    fetch: options.fetch ?? globalThis.fetch,
    sleep: options.sleep ?? realSleep,
    maxRetries: options.maxRetries ?? DEFAULT_CLEVER_MAX_RETRIES,
    timeoutMs: options.timeoutMs ?? DEFAULT_CLEVER_TIMEOUT_MS,
    signal: options.signal,
    log: options.log,
  };
  const limit = String(options.pageLimit ?? DEFAULT_CLEVER_PAGE_LIMIT);
  const get = (url: URL) =>
    callClever(transport, {
      method: "GET",
      url,
      authorization: `Bearer ${token}`,
      unauthorized: "disconnected",
    });

  return {
    async district() {
      const answer = await get(new URL("/v3.0/districts", options.apiUrl));
      requireOk(answer, "GET /v3.0/districts");
      const page = readPage(answer, cleverDistrictSchema, "districts", options.log);
      const district = page.records[0];
      if (!district) throw new CleverRequestRefused("GET /v3.0/districts listed no district", answer.status);
      return district;
    },

    async page(resource, next) {
      const spec = RESOURCES[resource];
      const url = next ? followLink(next, options.apiUrl) : new URL(spec.path, options.apiUrl);
      if (!next) {
        if (spec.role) url.searchParams.set("role", spec.role);
        url.searchParams.set("limit", limit);
      }
      const answer = await get(url);
      requireOk(answer, `GET ${url.pathname}`);
      return readPage(answer, spec.schema, resource, options.log) as CleverPage<
        CleverRecordOf<typeof resource>
      >;
    },

    async events(startingAfter, next) {
      const url = next ? followLink(next, options.apiUrl) : new URL("/v3.0/events", options.apiUrl);
      if (!next) {
        url.searchParams.set("limit", limit);
        if (startingAfter) url.searchParams.set("starting_after", startingAfter);
      }
      const answer = await get(url);
      // Clever answers 404 (some versions 400) for a starting_after it no longer has: older than the
      // 30-day window, or never an event of this district.
      if ((answer.status === 404 || answer.status === 400) && url.searchParams.has("starting_after")) {
        throw new CleverCursorExpired(
          `GET /v3.0/events refused starting_after=${url.searchParams.get("starting_after")}: ${errorText(answer)}`,
        );
      }
      requireOk(answer, "GET /v3.0/events");
      return readPage(answer, cleverEventSchema, "events", options.log);
    },

    async latestEventId() {
      // ending_before=last with limit=1 is Clever's way to the newest event.
      const url = new URL("/v3.0/events", options.apiUrl);
      url.searchParams.set("ending_before", "last");
      url.searchParams.set("limit", "1");
      const answer = await get(url);
      requireOk(answer, "GET /v3.0/events");
      const page = readPage(answer, cleverEventSchema, "events", options.log);
      return page.records.at(-1)?.id ?? null;
    },
  };
}

/** A `next` link is followed as Clever wrote it: a path (resolved against the API's origin) or a URL. */
function followLink(next: string, apiUrl: string): URL {
  const url = new URL(next, apiUrl);
  // A link is only ever followed to Clever's own API: the bearer token must not travel elsewhere.
  if (url.origin !== new URL(apiUrl).origin) {
    throw new CleverRequestRefused(`next link ${url.origin}${url.pathname} leaves ${apiUrl}`, 0);
  }
  return url;
}

function requireOk(answer: CleverAnswer, target: string): void {
  if (answer.status >= 200 && answer.status < 300) return;
  throw new CleverRequestRefused(`${target} answered ${answer.status}: ${errorText(answer)}`, answer.status);
}

/**
 * One list answer as a page. The envelope must be right (else the answer is not Clever's list at all);
 * each record is judged on its own.
 */
function readPage<T>(
  answer: CleverAnswer,
  schema: z.ZodType<T>,
  resource: string,
  log: Logger,
): CleverPage<T> {
  const envelope = listEnvelopeSchema.safeParse(answer.body);
  if (!envelope.success) {
    throw new CleverRequestRefused(
      `${resource}: the answer is not a Clever list (${describeIssues(envelope.error)})`,
      answer.status,
    );
  }
  const records: T[] = [];
  const invalid: CleverInvalidRecord[] = [];
  for (const item of envelope.data.data) {
    const inner = itemEnvelopeSchema.safeParse(item);
    const raw = inner.success ? inner.data.data : item;
    const parsed = schema.safeParse(raw);
    if (parsed.success) {
      records.push(parsed.data);
      continue;
    }
    const id = idOf(raw);
    invalid.push({ ...(id ? { id } : {}), message: describeIssues(parsed.error) });
  }
  if (invalid.length > 0) {
    log.warn(
      { resource, invalid: invalid.slice(0, 20), count: invalid.length },
      "Clever records failed validation",
    );
  }
  const next = envelope.data.links.find((link) => link.rel === "next")?.uri ?? null;
  return { records, next, invalid };
}

function idOf(raw: unknown): string | undefined {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === "string" && id !== "" ? id : undefined;
}
