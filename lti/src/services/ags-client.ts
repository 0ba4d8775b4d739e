import { AppError, ErrorCode } from "@studyhall/core";
import { z } from "zod";
import type { Fetch } from "./lms-fetch.ts";
import { retryAfterMs } from "./retry-after.ts";
import { type ServiceTokens, serviceRequest } from "./service-token.ts";

/** LTI Assignment and Grade Services 2.0 scopes the tool uses. */
export const AGS_SCOPE = {
  lineItem: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
  lineItemReadonly: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
  score: "https://purl.imsglobal.org/spec/lti-ags/scope/score",
} as const;

/** The media types AGS insists on (platforms answer 406/415 to `application/json`). */
export const AGS_MEDIA = {
  lineItem: "application/vnd.ims.lis.v2.lineitem+json",
  lineItemContainer: "application/vnd.ims.lis.v2.lineitemcontainer+json",
  score: "application/vnd.ims.lis.v1.score+json",
} as const;

/** A container can be paged; a filtered search rarely needs more than one page, never this many. */
const MAX_LINE_ITEM_PAGES = 20;
const MAX_ERROR_BODY = 300;

const lineItemSchema = z.object({
  id: z.url().max(2000),
  label: z.string().max(1000).optional(),
  scoreMaximum: z.number().optional(),
  resourceId: z.string().max(1000).optional(),
  resourceLinkId: z.string().max(1000).optional(),
  tag: z.string().max(1000).optional(),
});
export type AgsLineItem = z.infer<typeof lineItemSchema>;

export interface NewLineItem {
  label: string;
  scoreMaximum: number;
  resourceId: string;
  tag: string;
}

/** An AGS score (the body of POST {lineitem}/scores). */
export interface AgsScore {
  userId: string;
  scoreGiven: number;
  scoreMaximum: number;
  activityProgress: "Completed";
  gradingProgress: "FullyGraded";
  /** ISO 8601 with a zone; platforms refuse a score older than the one on record. */
  timestamp: string;
  comment?: string;
}

/** What an AGS call that did not succeed tells its caller, in the AppError's details. */
export interface AgsFailureDetails {
  /** The HTTP status the platform answered. */
  agsStatus: number;
  /** The platform's Retry-After, when it sent one. */
  retryAfterMs?: number;
}

/** The AGS calls of one platform, made with a bearer token for `scopes` (see service-token.ts). */
export interface AgsClient {
  /** The context's line item for a resource (our quiz id), if the platform already has one. */
  findLineItem(lineItemsUrl: string, resourceId: string): Promise<AgsLineItem | null>;
  createLineItem(lineItemsUrl: string, item: NewLineItem): Promise<AgsLineItem>;
  /**
   * Gives a line item a new label, if it carries `onlyTag` (AGS's PUT replaces the whole item, so it
   * is read first and sent back with the label changed). False when the item is not tagged so.
   */
  relabelLineItem(lineItemUrl: string, label: string, onlyTag: string): Promise<boolean>;
  postScore(lineItemUrl: string, score: AgsScore): Promise<void>;
}

/**
 * An AGS client for one platform. Any answer other than a success throws an Upstream AppError whose
 * details are {@link AgsFailureDetails}; a network or token failure, or a call past its deadline,
 * throws one without `agsStatus`. `signal` (the job run's) aborts a call in flight.
 */
export function createAgsClient(deps: {
  tokens: ServiceTokens;
  platformId: string;
  scopes: string[];
  fetch?: Fetch;
  signal?: AbortSignal;
}): AgsClient {
  const call = (url: string, init: RequestInit) =>
    serviceRequest(
      deps.tokens,
      deps.platformId,
      deps.scopes,
      url,
      deps.signal ? { ...init, signal: deps.signal } : init,
      deps.fetch,
    );

  return {
    async findLineItem(lineItemsUrl, resourceId) {
      let next: string | null = withQuery(lineItemsUrl, { resource_id: resourceId });
      for (let page = 0; next && page < MAX_LINE_ITEM_PAGES; page++) {
        const response = await call(next, { headers: { accept: AGS_MEDIA.lineItemContainer } });
        if (!response.ok) throw await failure("line items search", response);
        const items = z.array(lineItemSchema).safeParse(await response.json().catch(() => null));
        if (!items.success) throw malformed("line items search");
        // The filter is a hint some platforms ignore: check the resource ourselves.
        const match = items.data.find((item) => item.resourceId === resourceId);
        if (match) return match;
        next = nextPage(response.headers.get("link"), next);
      }
      return null;
    },

    async createLineItem(lineItemsUrl, item) {
      const response = await call(lineItemsUrl, {
        method: "POST",
        headers: { "content-type": AGS_MEDIA.lineItem, accept: AGS_MEDIA.lineItem },
        body: JSON.stringify(item),
      });
      if (!response.ok) throw await failure("line item creation", response);
      const created = lineItemSchema.safeParse(await response.json().catch(() => null));
      if (!created.success) throw malformed("line item creation");
      return created.data;
    },

    async relabelLineItem(lineItemUrl, label, onlyTag) {
      const read = await call(lineItemUrl, { headers: { accept: AGS_MEDIA.lineItem } });
      if (!read.ok) throw await failure("line item read", read);
      const body = (await read.json().catch(() => null)) as Record<string, unknown> | null;
      const item = lineItemSchema.safeParse(body);
      if (!item.success || !body) throw malformed("line item read");
      if (item.data.tag !== onlyTag) return false;
      if (item.data.label === label) return true;
      const response = await call(lineItemUrl, {
        method: "PUT",
        headers: { "content-type": AGS_MEDIA.lineItem, accept: AGS_MEDIA.lineItem },
        body: JSON.stringify({ ...body, label }),
      });
      await response.body?.cancel();
      if (!response.ok) throw await failure("line item update", response);
      return true;
    },

    async postScore(lineItemUrl, score) {
      const response = await call(scoresUrl(lineItemUrl), {
        method: "POST",
        headers: { "content-type": AGS_MEDIA.score },
        body: JSON.stringify(score),
      });
      // The body (a result URL, if anything) is not needed.
      await response.body?.cancel();
      if (!response.ok) throw await failure("score", response);
    },
  };
}

/**
 * The scores endpoint of a line item: `/scores` goes at the end of the path, before any query string
 * (Moodle's service URLs carry `?type_id=`).
 */
export function scoresUrl(lineItemUrl: string): string {
  const url = new URL(lineItemUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/scores`;
  return url.toString();
}

function withQuery(base: string, params: Record<string, string>): string {
  const url = new URL(base);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

/** The `rel="next"` target of a Link header, resolved against the current page. */
function nextPage(link: string | null, current: string): string | null {
  for (const part of (link ?? "").split(",")) {
    const match = /<([^>]+)>\s*;(.*)$/.exec(part.trim());
    if (match && /\brel="?next"?/i.test(match[2]!)) return new URL(match[1]!, current).toString();
  }
  return null;
}

async function failure(what: string, response: Response): Promise<AppError> {
  const body = (await response.text().catch(() => "")).slice(0, MAX_ERROR_BODY);
  const wait = retryAfterMs(response.headers.get("retry-after"));
  const details: AgsFailureDetails & { body: string; [key: string]: unknown } = {
    agsStatus: response.status,
    ...(wait === undefined ? {} : { retryAfterMs: wait }),
    body,
  };
  return new AppError(ErrorCode.Upstream, `AGS ${what} answered ${response.status}: ${reason(body)}`, {
    details,
  });
}

/** The platform's own words for a refusal (OAuth-style `error_description`, or the raw text). */
function reason(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error_description?: unknown; error?: unknown; message?: unknown };
    const text = parsed.error_description ?? parsed.message ?? parsed.error;
    if (typeof text === "string" && text) return text.slice(0, 200);
  } catch {
    // Not JSON: use the text itself.
  }
  return body.slice(0, 200) || "no reason given";
}

function malformed(what: string): AppError {
  // No agsStatus: like a network failure, it is worth trying again later.
  return new AppError(ErrorCode.Upstream, `AGS ${what} answered with JSON that is not a line item`);
}
