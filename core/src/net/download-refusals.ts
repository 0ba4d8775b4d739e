import { AppError, ErrorCode } from "../errors/app-error.ts";
import { materialTooLarge } from "../materials/material-limits.ts";
import { displayAddress } from "./address-policy.ts";
import type { AddressRefusedError } from "./guarded-connector.ts";

/** How a download is named in messages: what is downloaded ("notes.pdf") and from whom ("Slack"). */
export interface Naming {
  what: string;
  source: string;
}

// Every refusal of downloadFile, worded for the person who asked. The error's own message is for the
// log: it names the host, never the path, query or headers, which may carry signatures or tokens.

export function addressRefused(naming: Naming, refusal: AddressRefusedError, hop: number): AppError {
  const verb = hop === 0 ? "points at" : "redirects to";
  const literal = refusal.host === refusal.address;
  const userMessage = literal
    ? `${sentenceStart(naming.what)} ${verb} a private or reserved network address (${displayAddress(refusal.address)}), which StudyHall does not fetch.`
    : `${sentenceStart(naming.what)} ${verb} ${refusal.host}, whose address is private or reserved; StudyHall does not fetch from such addresses.`;
  return new AppError(ErrorCode.InvalidInput, `${refusal.host}: ${refusal.range} address refused`, {
    userMessage,
    details: { host: refusal.host, range: refusal.range, hop },
  });
}

export function hostNotAllowed(naming: Naming, host: string, hop: number): AppError {
  const where = hop === 0 ? `it is on ${host}` : `it redirects to ${host}`;
  return new AppError(ErrorCode.InvalidInput, `${host}: not a ${naming.source} file host`, {
    userMessage: `I couldn't download ${naming.what}: ${where}, which is not one of ${naming.source}'s file hosts.`,
    details: { host, hop },
  });
}

export function notHttp(naming: Naming, hop: number): AppError {
  return new AppError(ErrorCode.InvalidInput, "not an http(s) URL", {
    userMessage:
      hop === 0
        ? "Only http and https links can be added."
        : `I couldn't download ${naming.what}: it redirects to a link that is not http or https.`,
    details: { hop },
  });
}

export function tooManyRedirects(naming: Naming, max: number): AppError {
  return new AppError(ErrorCode.MaterialUnreadable, `more than ${max} redirects`, {
    userMessage: `I couldn't download ${naming.what}: it redirects more than ${max} times.`,
  });
}

/** Over `maxBytes`: `declared` is the size the server announced, absent when the body ran past the limit. */
export function tooLarge(naming: Naming, maxBytes: number, declared?: number): AppError {
  return materialTooLarge({
    what: sentenceStart(naming.what),
    maxBytes,
    reason: "download over the size limit",
    ...(declared === undefined ? {} : { bytes: declared }),
  });
}

type Failure = "timeout" | "network" | "status" | "invalid-url" | "invalid-redirect";

/** A download that did not complete: `value` is the status for "status", the deadline for "timeout". */
export function downloadFailed(naming: Naming, failure: Failure, value: number, cause?: unknown): AppError {
  const why: Record<Failure, string> = {
    timeout: `${naming.source} did not finish sending it within ${seconds(value)}`,
    network: `${naming.source} did not answer`,
    status: `${naming.source} answered ${value}`,
    "invalid-url": "that is not a valid link",
    "invalid-redirect": "it redirects to something that is not a valid link",
  };
  const code = failure === "invalid-url" ? ErrorCode.InvalidInput : ErrorCode.MaterialUnreadable;
  return new AppError(code, `download failed: ${failure}${failure === "status" ? ` ${value}` : ""}`, {
    userMessage: `I couldn't download ${naming.what}: ${why[failure]}.`,
    ...(cause === undefined ? {} : { cause }),
  });
}

function seconds(ms: number): string {
  const whole = Math.max(1, Math.round(ms / 1000));
  return whole === 1 ? "a second" : `${whole} seconds`;
}

/** "that link" starts a sentence as "That link"; a file's name keeps its own case. */
function sentenceStart(text: string): string {
  return text.replace(/^that\b/, "That");
}
