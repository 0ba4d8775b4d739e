import type { IncomingMessage, ServerResponse } from "node:http";

/** One request as the fake's handlers see it: parsed URL and the whole body as text. */
export interface FakeRequest {
  method: string;
  url: URL;
  headers: IncomingMessage["headers"];
  body: string;
}

export async function readRequest(req: IncomingMessage, origin: string): Promise<FakeRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return {
    method: req.method ?? "GET",
    url: new URL(req.url ?? "/", origin),
    headers: req.headers,
    body: Buffer.concat(chunks).toString("utf8"),
  };
}

export function send(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "cache-control": "no-store", ...headers });
  res.end(body);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  contentType = "application/json",
  headers: Record<string, string> = {},
): void {
  send(res, status, JSON.stringify(value), { "content-type": contentType, ...headers });
}

/** An OAuth 2 style error body (`error`, `error_description`), which is what Canvas and Moodle answer. */
export function sendError(res: ServerResponse, status: number, error: string, description: string): void {
  sendJson(res, status, { error, error_description: description });
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  send(res, status, html, { "content-type": "text/html; charset=utf-8" });
}

/** The media type of a header value without parameters, lower-cased (`a/b; charset=x` -> `a/b`). */
export function mediaTypeOf(value: string | undefined): string {
  return (value ?? "").split(";")[0]!.trim().toLowerCase();
}

/** Whether the Accept header names `mediaType` itself; wildcards do not count, as the services demand. */
export function acceptsExactly(req: FakeRequest, mediaType: string): boolean {
  return (req.headers.accept ?? "").split(",").some((part) => mediaTypeOf(part) === mediaType);
}

export function isForm(req: FakeRequest): boolean {
  return mediaTypeOf(req.headers["content-type"]) === "application/x-www-form-urlencoded";
}

export function parseForm(body: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body));
}

/** Parses a JSON object body; `undefined` when it is not one. */
export function parseJsonObject(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The page an LMS answers with to post a form across origins: hidden fields, submitted on load. */
export function autoSubmitForm(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("");
  return (
    `<!doctype html><html><body><form id="lti" method="post" action="${escapeHtml(action)}">${inputs}</form>` +
    `<script>document.getElementById("lti").submit()</script></body></html>`
  );
}

/** Reads back a form written by {@link autoSubmitForm} (the fake's own pages only). */
export function readAutoSubmitForm(
  html: string,
): { action: string; fields: Record<string, string> } | undefined {
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1];
  if (action === undefined) return undefined;
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[unescapeHtml(match[1]!)] = unescapeHtml(match[2]!);
  }
  return { action: unescapeHtml(action), fields };
}

function unescapeHtml(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}
