import path from "node:path";
import type { Logger } from "../logger.ts";
import { type Destination, OPERATOR_LINKS, PUBLIC_LINKS } from "../net/download-destination.ts";
import { downloadFile } from "../net/download-file.ts";
import type { Resolver } from "../net/guarded-connector.ts";
import { MAX_MATERIAL_BYTES } from "./material-limits.ts";

export interface FetchedFile {
  data: Uint8Array;
  fileName: string;
  contentType: string | null;
  /** The link as given (normalised), which the material cites as its source. */
  url: string;
}

export interface FetchOptions {
  timeoutMs?: number;
  /**
   * Allow loopback, private and reserved addresses. True for operators (the CLI); front ends where
   * teachers type links keep it false, so a link cannot make the server reach internal services.
   */
  allowPrivateHosts: boolean;
  /**
   * With `allowPrivateHosts` false, hosts (`host:port`, compared exactly) still exempt from the address
   * policy: a test's stand-in for a public site on 127.0.0.1, so redirects from it can be tried. None in
   * production.
   */
  privateHosts?: readonly string[];
  /** Refusals are logged here (the host, never the path or query). */
  log?: Logger;
  /** Host name resolution; the system resolver by default. */
  resolve?: Resolver;
}

/**
 * Downloads a material from an http(s) link someone gave, through {@link downloadFile}: the size limit,
 * one deadline, at most five redirects, and unless `allowPrivateHosts` only public addresses, checked
 * on every connection.
 */
export async function fetchMaterialUrl(url: string, options: FetchOptions): Promise<FetchedFile> {
  const file = await downloadFile(url, {
    maxBytes: MAX_MATERIAL_BYTES,
    timeoutMs: options.timeoutMs ?? 30_000,
    destination: linkDestination(options),
    naming: { what: "that link", source: "the site" },
    ...(options.log ? { log: options.log } : {}),
    ...(options.resolve ? { resolve: options.resolve } : {}),
  });
  const given = new URL(url);
  const fileName = decodeName(path.posix.basename(file.url.pathname)) || file.url.hostname;
  return { data: file.data, fileName, contentType: file.contentType, url: given.href };
}

function linkDestination(options: FetchOptions): Destination {
  if (options.allowPrivateHosts) return OPERATOR_LINKS;
  const exempt = options.privateHosts ?? [];
  return exempt.length > 0 ? { ...PUBLIC_LINKS, privateHosts: exempt } : PUBLIC_LINKS;
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
