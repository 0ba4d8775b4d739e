import { isAppError } from "@studyhall/core";

/** Why a roster sync failed, in words for the roster page, and whether trying again later may help. */
export interface RosterFailure {
  message: string;
  transient: boolean;
  /** The platform's Retry-After, when it gave one. */
  retryAfterMs?: number;
}

export const NRPS_NOT_OFFERED =
  "Your LMS has not offered its roster service (Names and Role Provisioning) for this course. Ask your LMS administrator to enable it for StudyHall; until then people join when they open StudyHall.";

/**
 * Judges a failed sync: 429, 5xx and network failures are transient (the job retries with backoff);
 * other refusals (403: the roster scope was not granted; 404: the course is gone; a token endpoint
 * refusing the tool) stay until someone changes the LMS's settings, so they are recorded, not retried.
 */
export function describeRosterFailure(error: unknown): RosterFailure {
  if (!isAppError(error) || error.code !== "upstream") {
    return {
      message: "The roster sync failed on StudyHall's side. It will be tried again.",
      transient: true,
    };
  }
  const details = error.details ?? {};
  const status = typeof details.status === "number" ? details.status : undefined;
  const retryAfterMs = typeof details.retryAfterMs === "number" ? details.retryAfterMs : undefined;
  const fromTokenEndpoint = error.message.startsWith("token endpoint");
  if (typeof details.timeoutMs === "number") {
    const seconds = Math.round(details.timeoutMs / 1000);
    return {
      message: `Your LMS did not answer within ${seconds} s. StudyHall will try again.`,
      transient: true,
    };
  }
  if (status === undefined) {
    return { message: "StudyHall could not reach your LMS. It will try again.", transient: true };
  }
  if (status === 429 || status >= 500) {
    return {
      message: `Your LMS is busy or unavailable (HTTP ${status}). StudyHall will try again.`,
      transient: true,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }
  if (fromTokenEndpoint) {
    return {
      message: `Your LMS refused StudyHall a service token (HTTP ${status}). Check that the tool's registration grants the roster scope (Names and Role Provisioning).`,
      transient: false,
    };
  }
  if (status === 401 || status === 403) {
    return {
      message: `Your LMS refused to share the roster (HTTP ${status}). The tool may not have been granted the roster scope (Names and Role Provisioning); ask your LMS administrator.`,
      transient: false,
    };
  }
  if (status === 404) {
    return { message: "Your LMS no longer knows this course's roster (HTTP 404).", transient: false };
  }
  if (status === 200) {
    return { message: "Your LMS sent a roster StudyHall could not read.", transient: false };
  }
  return { message: `Your LMS refused the roster request (HTTP ${status}).`, transient: false };
}
