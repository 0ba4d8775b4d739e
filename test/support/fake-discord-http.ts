// Small HTTP helpers of the fake Discord: request bodies, and canned failures shaped like Discord's.
import type { IncomingMessage } from "node:http";
import type { RestAnswer } from "./fake-discord-rest-state.ts";
import type { DiscordFailure } from "./fake-discord-types.ts";

/** A 429 (with `retry_after` and scope headers, as Discord sends) or another error status. */
export function failureAnswer(failure: DiscordFailure): RestAnswer {
  const retryAfter = failure.retryAfterSeconds ?? 0.1;
  return {
    status: failure.status,
    headers: {
      "content-type": "application/json",
      ...(failure.status === 429
        ? {
            "retry-after": String(retryAfter),
            "x-ratelimit-scope": failure.global ? "global" : "user",
            ...(failure.global ? { "x-ratelimit-global": "true" } : {}),
          }
        : {}),
    },
    body:
      failure.status === 429
        ? { message: "You are being rate limited.", retry_after: retryAfter, global: Boolean(failure.global) }
        : { message: failure.message ?? "Injected failure", code: failure.code ?? 0 },
  };
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** The JSON body as an object; `{ value }` for JSON arrays (command registration sends one). */
export function parseJson(raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) return {};
  try {
    const value: unknown = JSON.parse(raw.toString("utf8"));
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : { value };
  } catch {
    return { raw: raw.toString("utf8") };
  }
}

/** A file uploaded with a multipart request (attachments of a message). */
export interface UploadedFile {
  /** The form field, e.g. `files[0]`. */
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/**
 * A multipart/form-data body as discord.js sends messages with files: the JSON in `payload_json` and
 * each file part. Null when `contentType` is not multipart.
 */
export function parseMultipart(
  raw: Buffer,
  contentType: string | undefined,
): { body: Record<string, unknown>; files: UploadedFile[] } | null {
  const boundary = /^multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(contentType ?? "")?.[1];
  if (!boundary) return null;
  const delimiter = Buffer.from(`--${boundary}`);
  const files: UploadedFile[] = [];
  let body: Record<string, unknown> = {};
  let at = raw.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (raw.subarray(start, start + 2).toString() === "--") break;
    const next = raw.indexOf(delimiter, start);
    if (next < 0) break;
    // Each part: CRLF, headers, a blank line, the data, CRLF before the next delimiter.
    const part = raw.subarray(start + 2, next - 2);
    const split = part.indexOf("\r\n\r\n");
    const headers = part.subarray(0, split).toString("utf8");
    const data = part.subarray(split + 4);
    const field = /name="([^"]*)"/i.exec(headers)?.[1] ?? "";
    const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
    if (field === "payload_json") body = parseJson(data);
    else if (filename !== undefined)
      files.push({
        field,
        filename,
        contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? "application/octet-stream",
        data: Buffer.from(data),
      });
    at = next;
  }
  return { body, files };
}
