/**
 * Why a request to the tool was refused. Each reason has the HTTP status the person gets, a short
 * sentence they can act on, and a stable code for the log (never the token itself).
 */
export const REJECTIONS = {
  missing_login_parameters: [400, "The course platform did not send what StudyHall needs to sign you in."],
  target_link_foreign: [400, "The link the LMS sent does not point at this StudyHall."],
  platform_unknown: [
    400,
    "This course platform is not registered with StudyHall. Ask your LMS administrator to add it.",
  ],
  deployment_unknown: [
    403,
    "This installation of StudyHall in your LMS is not registered. Ask your LMS administrator to add its deployment.",
  ],
  deployment_mismatch: [
    401,
    "The launch does not match the sign-in it started with. Open StudyHall again from your course.",
  ],
  missing_id_token: [400, "The launch carried no sign-in token. Open StudyHall again from your course."],
  missing_state: [400, "The launch carried no sign-in state. Open StudyHall again from your course."],
  wrong_launch_url: [400, "Launches go to StudyHall's launch URL. Check the tool's settings in your LMS."],
  ambiguous_request: [
    400,
    "That request carried both a launch and a session. Open StudyHall again from your course.",
  ],
  state_unknown: [401, "This sign-in was not started by StudyHall. Open StudyHall again from your course."],
  state_replayed: [401, "This sign-in was already used. Open StudyHall again from your course."],
  state_expired: [401, "This sign-in took too long. Open StudyHall again from your course."],
  malformed_token: [401, "The sign-in token could not be read. Open StudyHall again from your course."],
  bad_signature: [401, "The sign-in token is not signed by your course platform."],
  wrong_issuer: [401, "The sign-in token comes from a different platform than the sign-in it answers."],
  wrong_audience: [401, "The sign-in token was issued for a different tool."],
  token_expired: [401, "The sign-in token has expired. Open StudyHall again from your course."],
  token_stale: [401, "The sign-in token is too old. Open StudyHall again from your course."],
  token_not_yet_valid: [
    401,
    "The sign-in token is not valid yet. Check the clocks of StudyHall and your LMS.",
  ],
  nonce_foreign: [
    401,
    "The sign-in token was not issued for this sign-in. Open StudyHall again from your course.",
  ],
  nonce_replayed: [401, "This sign-in token was already used. Open StudyHall again from your course."],
  claims_invalid: [401, "The launch is missing information StudyHall needs (LTI 1.3 claims)."],
  launch_invalid: [401, "The launch could not be verified. Open StudyHall again from your course."],
  platform_keys_unavailable: [
    502,
    "StudyHall could not fetch your course platform's keys. Try again in a minute.",
  ],
  session_missing: [401, "Open StudyHall from your course in the LMS."],
  session_invalid: [401, "This page link is not valid. Open StudyHall again from your course."],
  session_expired: [401, "Your StudyHall session has expired. Open StudyHall again from your course."],
  not_staff_launch: [403, "This page is for course staff. You opened StudyHall as a student."],
  csrf_invalid: [403, "This form has expired or did not come from StudyHall. Reload the page and try again."],
  registration_failed: [400, "StudyHall could not register with your LMS."],
  rate_limited: [429, "Too many requests from your network. Wait a minute and try again."],
  lti_only: [403, "This page works only when StudyHall is opened from an LMS course."],
  clever_only: [403, "This page is for people who signed in with Clever."],
  clever_state_unknown: [
    400,
    "This Clever sign-in was not started here, or it was already used or took too long. Log in with Clever again.",
  ],
  clever_code_replayed: [400, "This Clever sign-in link was already used. Open StudyHall again from Clever."],
  clever_code_missing: [400, "Clever did not send a sign-in code. Open StudyHall again from Clever."],
  clever_sign_in_failed: [401, "Clever did not confirm who you are. Open StudyHall again from Clever."],
  clever_unavailable: [502, "StudyHall could not reach Clever. Try again in a minute."],
  district_not_connected: [
    403,
    "Your district has not connected StudyHall yet. Ask your district's Clever administrator to connect it.",
  ],
  district_disconnected: [
    403,
    "Your district's connection to StudyHall was disconnected. Ask your district's Clever administrator to connect it again.",
  ],
  not_district_admin: [403, "This page is for your district's Clever administrators."],
  not_in_section: [403, "You are not in this class, or your district no longer lists you in it."],
  registration_key_invalid: [
    403,
    "This registration link is not valid. Ask whoever runs StudyHall for the link that `studyhall lti registration-url` prints.",
  ],
} as const satisfies Record<string, readonly [number, string]>;

export type RejectionReason = keyof typeof REJECTIONS;

export class LtiRejection extends Error {
  override readonly name = "LtiRejection";
  readonly reason: RejectionReason;
  readonly status: number;
  readonly userMessage: string;

  constructor(reason: RejectionReason, options: { userMessage?: string; cause?: unknown } = {}) {
    super(reason, options.cause === undefined ? undefined : { cause: options.cause });
    this.reason = reason;
    this.status = REJECTIONS[reason][0];
    this.userMessage = options.userMessage ?? REJECTIONS[reason][1];
  }
}

export function isLtiRejection(error: unknown): error is LtiRejection {
  return error instanceof LtiRejection;
}
