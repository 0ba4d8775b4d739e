// @studyhall/slack: the Slack front end. The app mounts `router` on its HTTP server and calls start().

export { slackInstallationSecrets } from "./auth/slack-installation-secrets.ts";
export {
  createSlackFrontEnd,
  type SlackFrontEnd,
  type SlackTuning,
} from "./create-slack-front-end.ts";
export { decodeAction, encodeAction } from "./render/action-codec.ts";
export { type SlackBlock, type SlackMessage, toBlockKit } from "./render/to-block-kit.ts";
export { BOT_SCOPES } from "./slack-scopes.ts";
export { resolveSlackMode, type SlackMode, type SlackSettings } from "./slack-settings.ts";
