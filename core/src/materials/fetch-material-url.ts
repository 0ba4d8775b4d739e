import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import path from "node:path";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { formatBytes, MAX_MATERIAL_BYTES } from "./material-limits.ts";

export interface FetchedFile {
  data: Uint8Array;
  fileName: string;
  contentType: string | null;
  url: string;
}

export interface FetchOptions {
  timeoutMs?: number;
  /**
   * Allow loopback and private-network hosts. True for operators (the CLI); front ends where students
   * or teachers type URLs keep it false so the server cannot be used to reach internal services.
   */
  allowPrivateHosts: boolean;
}

/** Downloads a material from an http(s) URL, enforcing the size limit while streaming. */
export async function fetchMaterialUrl(url: string, options: FetchOptions): Promise<FetchedFile> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(`"${url}" is not a valid URL.`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw invalid("Only http and https links can be added.");
  if (!options.allowPrivateHosts && (await isPrivateHost(parsed.hostname))) {
    throw invalid("That link points at a private network address, which StudyHall does not fetch.");
  }
  let response: Response;
  try {
    response = await fetch(parsed, {
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      redirect: "follow",
    });
  } catch (cause) {
    throw new AppError(ErrorCode.MaterialUnreadable, `fetch ${parsed.href} failed`, {
      userMessage: `Could not download ${parsed.href}: the site did not answer.`,
      cause,
    });
  }
  if (!response.ok) {
    throw new AppError(ErrorCode.MaterialUnreadable, `fetch ${parsed.href}: HTTP ${response.status}`, {
      userMessage: `Could not download ${parsed.href}: the site answered ${response.status}.`,
    });
  }
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > MAX_MATERIAL_BYTES) throw tooLarge(declared);
  const data = await readLimited(response);
  const fileName = decodeURIComponent(path.posix.basename(parsed.pathname)) || parsed.hostname;
  return { data, fileName, contentType: response.headers.get("content-type"), url: parsed.href };
}

async function readLimited(response: Response): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  if (!response.body) return new Uint8Array();
  for await (const part of response.body) {
    total += part.byteLength;
    if (total > MAX_MATERIAL_BYTES) throw tooLarge(total);
    parts.push(part);
  }
  return Buffer.concat(parts);
}

async function isPrivateHost(hostname: string): Promise<boolean> {
  const host = hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host)
    ? [host]
    : (await lookup(host, { all: true }).catch(() => [])).map((a) => a.address);
  return addresses.some(isPrivateAddress);
}

function isPrivateAddress(address: string): boolean {
  if (address === "::1" || address === "::" || /^f[cd]/i.test(address) || /^fe80/i.test(address)) return true;
  const v4 = address.replace(/^::ffff:/i, "");
  const [a, b] = v4.split(".").map(Number);
  if (a === undefined || b === undefined || Number.isNaN(a)) return false;
  return (
    a === 10 ||
    a === 127 ||
    a === 0 ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168)
  );
}

function invalid(userMessage: string): AppError {
  return new AppError(ErrorCode.InvalidInput, userMessage, { userMessage });
}

function tooLarge(bytes: number): AppError {
  return new AppError(ErrorCode.MaterialTooLarge, "download over the size limit", {
    userMessage: `That download is over ${formatBytes(MAX_MATERIAL_BYTES)} (${formatBytes(bytes)} so far). Split it into smaller parts.`,
  });
}
