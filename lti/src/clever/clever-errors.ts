import { AppError, ErrorCode } from "@studyhall/core";

/**
 * Clever's failures, each its own class so a sync can decide by `instanceof` (retry later, mark the
 * district disconnected, fall back to a full sync) while every one is still an {@link AppError} with a
 * sentence a person may see.
 */

/** A district token answered 401: the district revoked the app. Never retried; nothing is deleted. */
export class CleverDisconnected extends AppError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(ErrorCode.Upstream, message, {
      ...options,
      userMessage:
        "This district's Clever connection was revoked. A district administrator must reconnect StudyHall in Clever.",
    });
  }
}

/** Clever still answered 429 after the client's own retries; `retryAfterMs` is its last advice. */
export class CleverRateLimited extends AppError {
  readonly retryAfterMs: number;

  constructor(message: string, retryAfterMs: number) {
    super(ErrorCode.Upstream, message, {
      userMessage: "Clever asked StudyHall to slow down. The sync will continue later.",
      details: { retryAfterMs },
    });
    this.retryAfterMs = retryAfterMs;
  }
}

/** A 5xx, a network failure or a call past its deadline: try again later. */
export class CleverUnavailable extends AppError {
  constructor(message: string, options: { cause?: unknown; status?: number } = {}) {
    super(ErrorCode.Upstream, message, {
      cause: options.cause,
      userMessage: "Clever did not answer properly. StudyHall will try again later.",
      details: options.status === undefined ? undefined : { status: options.status },
    });
  }
}

/**
 * The events cursor (`starting_after`) is no longer known to Clever: older than its 30-day window, or
 * never one of this district's events. The caller falls back to a full sync.
 */
export class CleverCursorExpired extends AppError {
  constructor(message: string) {
    super(ErrorCode.Upstream, message, {
      userMessage: "Clever no longer has the changes since the last sync. A full sync will run instead.",
    });
  }
}

/**
 * The OAuth code exchange was refused (`invalid_grant`): the code was already used, has expired, or was
 * issued for another redirect URI. The login route shows the userMessage.
 */
export class CleverCodeRefused extends AppError {
  constructor(message: string) {
    super(ErrorCode.InvalidInput, message, {
      userMessage: "This sign-in link was already used or has expired. Please sign in with Clever again.",
    });
  }
}

/** Clever refused a request for a reason retrying will not fix (a 400, 403 or 404 we did not expect). */
export class CleverRequestRefused extends AppError {
  readonly status: number;

  constructor(message: string, status: number) {
    super(ErrorCode.Upstream, message, { details: { status } });
    this.status = status;
  }
}
