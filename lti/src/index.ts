// @studyhall/lti: the LTI 1.3 tool. The app mounts `router` (everything under /lti) and calls start().

export { CleverRateLimited, CleverUnavailable } from "./clever/clever-errors.ts";
export { type CleverSettings, DEFAULT_CLEVER_API_URL } from "./clever/clever-settings.ts";
export type { CleverSyncDeps } from "./clever/clever-sync-deps.ts";
export {
  CLEVER_SYNC_QUEUE,
  cleverSyncJobHandler,
  requestDistrictSync,
  scheduleNightlyCleverSync,
} from "./clever/clever-sync-jobs.ts";
export { connectAppDistricts, connectCleverDistrict } from "./clever/connect-clever-district.ts";
export { CLEVER_REVOKED_REASON, runDistrictSync } from "./clever/run-district-sync.ts";
export { createLtiFrontEnd, type LtiFrontEnd, type LtiTuning } from "./create-lti-front-end.ts";
export { courseRoleFor } from "./launch/lti-roles.ts";
export { DEFAULT_SESSION_MINUTES, type LtiSettings } from "./lti-settings.ts";
export {
  importOneRosterSet,
  type OneRosterImport,
  type OneRosterImportInput,
} from "./oneroster/import-oneroster-set.ts";
export { ltiPrivacyEraser } from "./privacy/lti-privacy-eraser.ts";
export { registerDynamically } from "./registration/register-dynamically.ts";
export {
  listPlatforms,
  type RegisteredPlatform,
  registerPlatform,
  registerPlatformInput,
} from "./registration/register-platform.ts";
export { registrationUrl } from "./registration/registration-key.ts";
export { TOOL_SCOPES, toolRegistration, toolUrls } from "./registration/tool-configuration.ts";
export { decodeAction, encodeAction } from "./render/action-codec.ts";
export { type ActionForm, toHtml } from "./render/to-html.ts";
export { ltiRecordSecrets } from "./storage/lti-record-secrets.ts";
export { pruneLtiData } from "./storage/prune-lti-data.ts";
