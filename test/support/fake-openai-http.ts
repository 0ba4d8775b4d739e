// The fake OpenAI's HTTP plumbing: reading a request, answering JSON and OpenAI-shaped errors, waiting
// without outliving the client, and reading message text.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FakeFailure, RecordedRequest } from "./fake-openai-types.ts";

/** Reads a request whole, as the fake records it. */
export async function record(req: IncomingMessage): Promise<RecordedRequest> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const raw = Buffer.concat(parts).toString("utf8");
  let body: unknown = {};
  try {
    body = raw ? JSON.parse(raw) : {};
  } catch {
    // Recorded as `{}`; the routes then answer as for an empty request.
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return {
    method: req.method ?? "GET",
    path: (req.url ?? "/").split("?")[0] ?? "/",
    headers,
    body:
      typeof body === "object" && body !== null && !Array.isArray(body)
        ? (body as Record<string, unknown>)
        : {},
    raw,
  };
}

/** Answers a canned failure with the retry hints the SDK reads. */
export function sendFailure(res: ServerResponse, failure: FakeFailure): void {
  const headers: Record<string, string> = {};
  if (failure.retryAfterSeconds !== undefined) headers["retry-after"] = String(failure.retryAfterSeconds);
  if (failure.retryAfterMs !== undefined) headers["retry-after-ms"] = String(failure.retryAfterMs);
  if (Object.keys(headers).length === 0) headers["retry-after-ms"] = "0";
  const type =
    failure.status === 429
      ? "rate_limit_exceeded"
      : failure.status >= 500
        ? "server_error"
        : "invalid_request_error";
  sendJson(
    res,
    failure.status,
    failure.body ?? openAiError(`fake failure ${failure.status}`, type, type),
    headers,
  );
}

/** The error body shape OpenAI answers with, which the SDK turns into its `APIError` message. */
export function openAiError(message: string, type: string, code: string | null) {
  return { error: { message, type, param: null, code } };
}

/** Answers `body` as JSON. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** Resolves `true` after `ms`, or `false` as soon as the client goes away. */
export function waitUnlessClosed(ms: number, res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      res.off("close", onClose);
      resolve(true);
    }, ms);
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    res.once("close", onClose);
  });
}

/** Message content as text: a string, or the text parts of a content array. */
export function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content))
    return content
      .map((part: { text?: unknown }) => (typeof part?.text === "string" ? part.text : ""))
      .join(" ");
  return content === undefined || content === null ? "" : JSON.stringify(content);
}

/** Words in a text: the fake's token count. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
