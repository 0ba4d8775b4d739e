import { createHmac } from "node:crypto";

/** Headers Slack sends with every HTTP request: `v0=` + HMAC-SHA256(secret, `v0:${ts}:${rawBody}`). */
export function signSlackRequest(
  signingSecret: string,
  rawBody: string,
  timestampSeconds = Math.floor(Date.now() / 1000),
): { "x-slack-request-timestamp": string; "x-slack-signature": string } {
  const signature = createHmac("sha256", signingSecret)
    .update(`v0:${timestampSeconds}:${rawBody}`)
    .digest("hex");
  return { "x-slack-request-timestamp": String(timestampSeconds), "x-slack-signature": `v0=${signature}` };
}

/** A request body as Slack sends it: form-encoded (commands, interactivity) or JSON (events). */
export interface SlackRequestBody {
  contentType: "application/x-www-form-urlencoded" | "application/json";
  raw: string;
}

export interface SendOptions {
  signingSecret: string;
  /** Seconds since the epoch; now unless testing stale requests. */
  timestamp?: number;
  /** Replaces the computed signature (to test forgeries). */
  signature?: string;
  /** Sent as `x-slack-retry-num` / `x-slack-retry-reason`, as Slack does when it redelivers an event. */
  retryNum?: number;
}

export interface SlackHttpResult {
  status: number;
  text: string;
  /** POST sent -> response received, in milliseconds: what Slack measures against its 3 s limit. */
  ms: number;
}

/** POSTs `body` to `url` signed exactly as Slack signs it. */
export async function sendSignedRequest(
  url: string,
  body: SlackRequestBody,
  options: SendOptions,
): Promise<SlackHttpResult> {
  const headers: Record<string, string> = {
    "content-type": body.contentType,
    ...signSlackRequest(options.signingSecret, body.raw, options.timestamp),
  };
  if (options.signature) headers["x-slack-signature"] = options.signature;
  if (options.retryNum !== undefined) {
    headers["x-slack-retry-num"] = String(options.retryNum);
    headers["x-slack-retry-reason"] = "http_timeout";
  }
  const started = performance.now();
  const response = await fetch(url, { method: "POST", headers, body: body.raw });
  const text = await response.text();
  return { status: response.status, text, ms: performance.now() - started };
}
