/**
 * Every failure a person can act on is an {@link AppError} with a stable code. Front ends map the code
 * to what their user sees (an ephemeral message, an HTTP status, a CLI exit code) in one place each.
 */
export const ErrorCode = {
  /** The input failed validation; `userMessage` says which part and why. */
  InvalidInput: "invalid_input",
  NotFound: "not_found",
  /** The actor is not allowed to do this (e.g. a student changing the answer policy). */
  Forbidden: "forbidden",
  Conflict: "conflict",
  /** A per-user or per-course tutor limit refused the request. */
  RateLimited: "rate_limited",
  UnsupportedMaterial: "unsupported_material",
  MaterialTooLarge: "material_too_large",
  MaterialUnreadable: "material_unreadable",
  /** The AI provider failed after its retries. */
  AiUnavailable: "ai_unavailable",
  /** Another service (an LMS's grade or roster API, its token endpoint) failed or refused us. */
  Upstream: "upstream",
  /**
   * A stored secret (a Slack token, an LTI key) did not open under the configured keys: tampered with,
   * copied from another row, or sealed under a key this process does not hold. Refused, never guessed at.
   */
  SecretUnreadable: "secret_unreadable",
  Config: "config",
  Internal: "internal",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface AppErrorOptions {
  /** Safe to show the person who made the request. Defaults to a generic sentence for the code. */
  userMessage?: string;
  /** Structured detail for the log; never shown to users. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

const DEFAULT_USER_MESSAGES: Record<ErrorCode, string> = {
  invalid_input: "That input is not valid.",
  not_found: "That was not found.",
  forbidden: "You are not allowed to do that.",
  conflict: "That conflicts with something that already exists.",
  rate_limited: "You have reached the limit for now. Please try again later.",
  unsupported_material: "That kind of file is not supported.",
  material_too_large: "That file is too large.",
  material_unreadable: "That file could not be read.",
  ai_unavailable: "The tutor is unavailable right now. Please try again in a minute.",
  upstream: "A service StudyHall relies on did not answer properly. StudyHall will try again later.",
  secret_unreadable:
    "A stored credential could not be read. An administrator must check StudyHall's secret key or reinstall.",
  config: "StudyHall is not configured correctly.",
  internal: "Something went wrong on our side.",
};

export class AppError extends Error {
  override readonly name = "AppError";
  readonly code: ErrorCode;
  readonly userMessage: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.userMessage = options.userMessage ?? DEFAULT_USER_MESSAGES[code];
    this.details = options.details;
  }
}

/** True when `error` is an {@link AppError}, optionally with one of `codes`. */
export function isAppError(error: unknown, ...codes: ErrorCode[]): error is AppError {
  return error instanceof AppError && (codes.length === 0 || codes.includes(error.code));
}
