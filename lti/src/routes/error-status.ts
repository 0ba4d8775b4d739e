import { type ErrorCode, isAppError } from "@studyhall/core";
import { isLtiRejection } from "../security/lti-rejection.ts";

/**
 * The HTTP status of each AppError code. Every "not there" (an unknown or malformed id, another
 * course's quiz or material, nothing ready to generate from) is 404.
 */
const STATUS_BY_CODE: Record<ErrorCode, number> = {
  invalid_input: 400,
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  rate_limited: 429,
  unsupported_material: 415,
  material_too_large: 413,
  material_unreadable: 422,
  ai_unavailable: 503,
  upstream: 502,
  secret_unreadable: 500,
  config: 500,
  internal: 500,
};

/**
 * The one map from an error to the HTTP status the LTI front end answers: a refusal by its reason
 * (the table in lti-rejection.ts), an AppError by its code, anything else 500. Every route, and every
 * page that shows a refusal in place (uploads, quiz generation), takes its status from here.
 */
export function httpStatusOf(error: unknown): number {
  if (isLtiRejection(error)) return error.status;
  if (isAppError(error)) return STATUS_BY_CODE[error.code] ?? 500;
  return 500;
}
