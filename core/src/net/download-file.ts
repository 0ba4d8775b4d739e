import { Agent, fetch, type Response } from "undici";
import { AppError } from "../errors/app-error.ts";
import type { Logger } from "../logger.ts";
import { type Destination, isAllowedHost } from "./download-destination.ts";
import {
  addressRefused,
  downloadFailed,
  hostNotAllowed,
  type Naming,
  notHttp,
  tooLarge,
  tooManyRedirects,
} from "./download-refusals.ts";
import { AddressRefusedError, guardedConnector, type Resolver, systemResolver } from "./guarded-connector.ts";

/** Redirects followed before giving up. */
export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Request headers that carry credentials: never sent on to another origin. */
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];

export interface DownloadOptions {
  /** Refused above this many bytes: from Content-Length before reading, and while reading. */
  maxBytes: number;
  /** One deadline for the whole download: every hop, connection and byte. */
  timeoutMs: number;
  /** Where the download may go (see {@link Destination}). */
  destination: Destination;
  /** Request headers; credentials among them are dropped when a redirect changes origin. */
  headers?: Record<string, string>;
  /** How messages name the download ("notes.pdf") and its source ("Slack"); default "that link", "the site". */
  naming?: Partial<Naming>;
  /** Refusals are logged here with the host, never the path, query or headers. */
  log?: Logger;
  /** Host name resolution; the system resolver by default. */
  resolve?: Resolver;
}

export interface DownloadedFile {
  data: Uint8Array;
  /** Where the bytes came from, after redirects. */
  url: URL;
  contentType: string | null;
}

/**
 * Downloads `url` into memory with a size limit and one deadline, following at most
 * {@link MAX_REDIRECTS} redirects. Every hop is checked against the destination (scheme, host) and
 * every connection against the address policy at connect time (see guardedConnector), so neither a
 * redirect nor a DNS answer that changes between checks reaches a private network. Failures are
 * AppErrors with a message for the person who asked.
 */
export async function downloadFile(url: string | URL, options: DownloadOptions): Promise<DownloadedFile> {
  const naming: Naming = { what: "that link", source: "the site", ...options.naming };
  const agent = new Agent({
    connect: guardedConnector(options.destination, options.resolve ?? systemResolver),
  });
  const signal = AbortSignal.timeout(options.timeoutMs);
  const context: Context = { ...options, naming, agent, signal, host: null };
  try {
    return await followRedirects(parseUrl(url, naming), context);
  } catch (error) {
    const refusal =
      error instanceof AppError
        ? error
        : downloadFailed(naming, signal.aborted ? "timeout" : "network", options.timeoutMs, error);
    // The host and the reason only: paths and queries may carry signatures, headers carry tokens.
    options.log?.warn(
      { ...refusal.details, host: context.host, code: refusal.code, reason: refusal.message },
      "download refused",
    );
    throw refusal;
  } finally {
    await agent.destroy();
  }
}

type Context = DownloadOptions & {
  naming: Naming;
  agent: Agent;
  signal: AbortSignal;
  /** The host of the hop under way, for the log. */
  host: string | null;
};

async function followRedirects(start: URL, context: Context): Promise<DownloadedFile> {
  let target = start;
  let headers = { ...context.headers };
  for (let hop = 0; ; hop++) {
    checkHop(target, hop, context);
    const response = await request(target, headers, hop, context);
    if (!REDIRECT_STATUSES.has(response.status)) return readResponse(target, response, context);
    await response.body?.cancel();
    const location = response.headers.get("location");
    if (hop === MAX_REDIRECTS) throw tooManyRedirects(context.naming, MAX_REDIRECTS);
    if (!location) throw downloadFailed(context.naming, "status", response.status);
    const next = parseUrl(new URL(location, target).href, context.naming, hop + 1);
    if (next.origin !== target.origin) headers = withoutCredentials(headers);
    target = next;
  }
}

function checkHop(target: URL, hop: number, context: Context): void {
  context.host = target.host;
  if (target.protocol !== "http:" && target.protocol !== "https:") throw notHttp(context.naming, hop);
  if (!isAllowedHost(context.destination, target.hostname)) {
    throw hostNotAllowed(context.naming, target.hostname, hop);
  }
}

async function request(target: URL, headers: Record<string, string>, hop: number, context: Context) {
  try {
    return await fetch(target, {
      dispatcher: context.agent,
      redirect: "manual",
      headers,
      signal: context.signal,
    });
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof AddressRefusedError) {
      throw addressRefused(context.naming, cause, hop);
    }
    throw error;
  }
}

async function readResponse(url: URL, response: Response, context: Context): Promise<DownloadedFile> {
  const { naming, maxBytes } = context;
  if (!response.ok) {
    await response.body?.cancel();
    throw downloadFailed(naming, "status", response.status);
  }
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(naming, maxBytes, declared);
  }
  const parts: Uint8Array[] = [];
  let total = 0;
  if (response.body) {
    for await (const part of response.body) {
      total += part.byteLength;
      // Leaving the loop cancels the body, so the rest is never read.
      if (total > maxBytes) throw tooLarge(naming, maxBytes);
      parts.push(part);
    }
  }
  return { data: Buffer.concat(parts), url, contentType: response.headers.get("content-type") };
}

function parseUrl(url: string | URL, naming: Naming, hop = 0): URL {
  try {
    return new URL(url);
  } catch (cause) {
    throw downloadFailed(naming, hop === 0 ? "invalid-url" : "invalid-redirect", 0, cause);
  }
}

function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.includes(name.toLowerCase())),
  );
}
