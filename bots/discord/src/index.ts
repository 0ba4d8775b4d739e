// @studyhall/discord: the Discord front end. The app mounts it with createDiscordFrontEnd(...).start().
export { commandDefinitions } from "./commands/command-definitions.ts";
export { createDiscordFrontEnd, type DiscordFrontEnd } from "./discord-front-end.ts";
export type { DiscordSettings, DiscordTuning } from "./discord-settings.ts";
export { decodeAction, encodeAction } from "./render/action-codec.ts";
export { type DiscordMessage, toDiscordMessages } from "./render/to-discord-messages.ts";
