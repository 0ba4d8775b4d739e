import { ErrorCode, isAppError } from "@studyhall/core";
import type { AgsFailureDetails } from "../services/ags-client.ts";

/** Why a gradebook call did not succeed, and whether trying again can help. */
export interface DeliveryFailure {
  retry: boolean;
  /** For the score's `lastError` and the instructor's page: short, no tokens, no bodies. */
  reason: string;
  /** The platform's Retry-After, when it sent one. */
  retryAfterMs?: number;
  /** The AGS call's HTTP status, when the platform answered. */
  status?: number;
}

const MAX_REASON = 500;

/**
 * Sorts a failed AGS call: throttling (429), timeouts (408) and server errors (5xx) pass, and so do
 * network and token-endpoint failures (no AGS status): retry. Any other refusal (400, 403, 404, 409,
 * 422, and a 401 that a fresh token did not cure) will not change by asking again: give up on it.
 */
export function describeFailure(error: unknown): DeliveryFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (isAppError(error, ErrorCode.Forbidden)) {
    return { retry: false, reason: clip(error.userMessage) };
  }
  const details = (isAppError(error) ? error.details : undefined) as Partial<AgsFailureDetails> | undefined;
  const status = details?.agsStatus;
  if (status === undefined) return { retry: true, reason: clip(message) };
  const retry = status === 408 || status === 429 || status >= 500;
  const why =
    status === 409 || status === 422
      ? `the LMS refused the score (${status}); it may hold a newer score for this student: ${message}`
      : message;
  return {
    retry,
    reason: clip(why),
    status,
    ...(details?.retryAfterMs === undefined ? {} : { retryAfterMs: details.retryAfterMs }),
  };
}

function clip(text: string): string {
  return text.length > MAX_REASON ? `${text.slice(0, MAX_REASON - 1)}…` : text;
}
