// @studyhall/lti: the LTI 1.3 tool. The app mounts `router` (everything under /lti) and calls start().
export { createLtiFrontEnd, type LtiFrontEnd, type LtiTuning } from "./create-lti-front-end.ts";
export { courseRoleFor } from "./launch/lti-roles.ts";
export { DEFAULT_SESSION_MINUTES, type LtiSettings } from "./lti-settings.ts";
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
