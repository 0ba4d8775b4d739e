import path from "node:path";
import type { Logger } from "../logger.ts";
import { OPERATOR_LINKS, PUBLIC_LINKS } from "../net/download-destination.ts";
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
    destination: options.allowPrivateHosts ? OPERATOR_LINKS : PUBLIC_LINKS,
    naming: { what: "that link", source: "the site" },
    ...(options.log ? { log: options.log } : {}),
    ...(options.resolve ? { resolve: options.resolve } : {}),
  });
  const given = new URL(url);
  const fileName = decodeName(path.posix.basename(file.url.pathname)) || file.url.hostname;
  return { data: file.data, fileName, contentType: file.contentType, url: given.href };
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
