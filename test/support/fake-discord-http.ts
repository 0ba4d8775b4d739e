// Small HTTP helpers of the fake Discord: request bodies, and canned failures shaped like Discord's.
import type { IncomingMessage } from "node:http";
import type { RestAnswer } from "./fake-discord-rest.ts";
import type { DiscordFailure } from "./fake-discord-server.ts";

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
        : { message: "Injected failure", code: 0 },
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
