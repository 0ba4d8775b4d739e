import type { Logger } from "@studyhall/core";
import { retryAfterMs } from "../services/retry-after.ts";
import { CleverDisconnected, CleverRateLimited, CleverUnavailable } from "./clever-errors.ts";

/** How long one call to Clever may take unless the caller says otherwise. */
export const DEFAULT_CLEVER_TIMEOUT_MS = 30_000;
/** Retries of a 429, a 5xx or a network failure before the client gives up. */
export const DEFAULT_CLEVER_MAX_RETRIES = 5;
/** The first backoff when Clever sends no Retry-After; doubled on each retry. */
export const CLEVER_BASE_BACKOFF_MS = 1_000;
/** The longest one backoff may be, whatever Retry-After asks. */
export const CLEVER_MAX_BACKOFF_MS = 120_000;

export interface CleverTransport {
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  maxRetries: number;
  timeoutMs: number;
  signal?: AbortSignal;
  log: Logger;
}

export interface CleverCall {
  method: "GET" | "POST";
  url: URL;
  authorization: string;
  body?: unknown;
  /** 401 means the district revoked the app (district tokens) or something else (user and client auth). */
  unauthorized: "disconnected" | "return";
}

/** What came back: a status the caller decides on, and the body parsed as JSON when it was JSON. */
export interface CleverAnswer {
  status: number;
  body: unknown;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One call to Clever with a deadline, retries and Clever's failures as typed errors. 429, 5xx and
 * network failures are retried after Retry-After (seconds) or an exponential backoff, through the
 * injected `sleep`; a 401 is never retried. Every other status is returned for the caller to judge.
 * The caller's own signal aborts at once and is never retried.
 */
export async function callClever(transport: CleverTransport, call: CleverCall): Promise<CleverAnswer> {
  const target = `${call.method} ${call.url.pathname}`;
  for (let attempt = 0; ; attempt += 1) {
    const outcome = await attemptOnce(transport, call, target);
    if (outcome.kind === "answer") {
      if (outcome.answer.status === 401 && call.unauthorized === "disconnected") {
        throw new CleverDisconnected(`${target} answered 401: the district token was revoked`);
      }
      return outcome.answer;
    }
    const waitMs = outcome.retryAfterMs ?? backoffMs(attempt);
    if (attempt >= transport.maxRetries) {
      if (outcome.kind === "rate-limited") {
        throw new CleverRateLimited(`${target} still answered 429 after ${attempt} retries`, waitMs);
      }
      throw new CleverUnavailable(`${target} failed after ${attempt} retries: ${outcome.reason}`, {
        cause: outcome.cause,
        status: outcome.status,
      });
    }
    transport.log.warn(
      { target, attempt: attempt + 1, waitMs, reason: outcome.reason },
      "Clever call failed; retrying",
    );
    await transport.sleep(Math.min(waitMs, CLEVER_MAX_BACKOFF_MS));
  }
}

type Attempt =
  | { kind: "answer"; answer: CleverAnswer }
  | { kind: "rate-limited"; retryAfterMs: number | undefined; reason: string; cause?: undefined; status: 429 }
  | { kind: "failed"; retryAfterMs: number | undefined; reason: string; cause?: unknown; status?: number };

async function attemptOnce(transport: CleverTransport, call: CleverCall, target: string): Promise<Attempt> {
  const deadline = AbortSignal.timeout(transport.timeoutMs);
  const signal = transport.signal ? AbortSignal.any([transport.signal, deadline]) : deadline;
  let response: Response;
  let text: string;
  try {
    response = await transport.fetch(call.url, {
      method: call.method,
      headers: {
        accept: "application/json",
        authorization: call.authorization,
        ...(call.body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal,
    });
    text = await response.text();
  } catch (error) {
    if (transport.signal?.aborted) throw transport.signal.reason ?? error;
    const reason = deadline.aborted
      ? `no answer within ${transport.timeoutMs} ms`
      : `network failure (${(error as Error).message})`;
    return { kind: "failed", retryAfterMs: undefined, reason, cause: error };
  }
  if (response.status === 429) {
    return {
      kind: "rate-limited",
      retryAfterMs: retryAfterMs(response.headers.get("retry-after")),
      reason: "429 Too Many Requests",
      status: 429,
    };
  }
  if (response.status >= 500) {
    return {
      kind: "failed",
      retryAfterMs: retryAfterMs(response.headers.get("retry-after")),
      reason: `${target} answered ${response.status}`,
      status: response.status,
    };
  }
  return { kind: "answer", answer: { status: response.status, body: parseJson(text) } };
}

function backoffMs(attempt: number): number {
  return CLEVER_BASE_BACKOFF_MS * 2 ** attempt;
}

function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Clever's error bodies say `{ "error": "..." }`; the sentence, or the status when there is none. */
export function errorText(answer: CleverAnswer): string {
  const body = answer.body as { error?: unknown; message?: unknown } | undefined;
  const text = typeof body?.error === "string" ? body.error : body?.message;
  return typeof text === "string" ? text.slice(0, 200) : `status ${answer.status}`;
}
