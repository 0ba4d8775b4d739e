import { AppError, ErrorCode, type Logger, MAX_ROSTER_MEMBERS } from "@studyhall/core";
import { z } from "zod";
import { retryAfterMs } from "./retry-after.ts";
import { type ServiceTokens, serviceRequest } from "./service-token.ts";

export const NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";
export const MEMBERSHIP_CONTAINER = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";

/** A roster larger than this many pages is a loop or a platform bug, not a class. */
const MAX_PAGES = 2_000;

const text = (max: number) =>
  z
    .string()
    .max(max)
    .nullish()
    .transform((v) => v ?? undefined);

/** One member as NRPS 2.0 sends it. Email and picture are not read: StudyHall keys people on `sub`. */
const memberSchema = z.object({
  user_id: z.string().min(1).max(255),
  roles: z.array(z.string().max(500)).max(100),
  status: z.enum(["Active", "Inactive", "Deleted"]).default("Active"),
  name: text(500),
  given_name: text(200),
  family_name: text(200),
});

export type NrpsMember = z.output<typeof memberSchema>;

const containerSchema = z.object({ members: z.array(z.unknown()).max(100_000) });

export interface Memberships {
  members: NrpsMember[];
  /** Entries skipped because they did not match the schema (the rest of the page still counts). */
  invalid: number;
  pages: number;
}

/**
 * Reads a context's whole membership (NRPS 2.0): GETs the memberships URL with a service token for the
 * read-only membership scope and follows `Link: <...>; rel="next"` to the last page. Each entry is
 * validated on its own, so one malformed member is skipped and counted rather than failing the roster.
 * A page the tool cannot read, or any answer but 200, throws an Upstream AppError whose details carry
 * the HTTP status (and Retry-After, in ms) for the caller to judge.
 */
export async function fetchMemberships(
  deps: { tokens: ServiceTokens; log: Logger; fetch?: typeof globalThis.fetch; signal?: AbortSignal },
  target: { platformId: string; membershipsUrl: string },
): Promise<Memberships> {
  const origin = new URL(target.membershipsUrl).origin;
  const seen = new Set<string>();
  const result: Memberships = { members: [], invalid: 0, pages: 0 };
  let url: string | null = target.membershipsUrl;
  while (url) {
    if (seen.has(url) || result.pages >= MAX_PAGES) {
      throw upstream(`the memberships of ${origin} do not end (page ${result.pages + 1})`, { status: 200 });
    }
    seen.add(url);
    const response = await serviceRequest(
      deps.tokens,
      target.platformId,
      [NRPS_SCOPE],
      url,
      { headers: { accept: MEMBERSHIP_CONTAINER }, ...(deps.signal ? { signal: deps.signal } : {}) },
      deps.fetch,
    );
    const body = await response.text();
    if (response.status !== 200) {
      throw upstream(`memberships of ${origin} answered ${response.status}`, {
        status: response.status,
        body: body.slice(0, 300),
        retryAfterMs: retryAfterMs(response.headers.get("retry-after")),
      });
    }
    const page = containerSchema.safeParse(parseJson(body));
    if (!page.success) throw upstream(`memberships of ${origin} sent an unreadable page`, { status: 200 });
    result.pages += 1;
    for (const entry of page.data.members) {
      const member = memberSchema.safeParse(entry);
      if (member.success) result.members.push(member.data);
      else result.invalid += 1;
    }
    if (result.members.length > MAX_ROSTER_MEMBERS) {
      throw upstream(`the memberships of ${origin} exceed ${MAX_ROSTER_MEMBERS} people`, { status: 200 });
    }
    url = nextPage(response.headers.get("link"), url, origin);
  }
  if (result.invalid > 0) {
    deps.log.warn(
      { invalid: result.invalid, pages: result.pages },
      "NRPS entries skipped: not valid members",
    );
  }
  return result;
}

/**
 * The `rel="next"` target of a Link header (RFC 8288), resolved against the page's URL. Only a page on
 * the memberships URL's own origin is followed: the bearer token goes with the request.
 */
export function nextPage(header: string | null, current: string, origin: string): string | null {
  if (!header) return null;
  for (const match of header.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]+)*)/g)) {
    const rels = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(match[2] ?? "");
    const names = (rels?.[1] ?? rels?.[2] ?? "").toLowerCase().split(/\s+/);
    if (!names.includes("next")) continue;
    const next = new URL(match[1]!, current);
    if (next.origin !== origin) {
      throw upstream(`memberships paging left ${origin}`, { status: 200, next: next.origin });
    }
    return next.href;
  }
  return null;
}

function upstream(message: string, details: Record<string, unknown>): AppError {
  return new AppError(ErrorCode.Upstream, message, { details });
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
