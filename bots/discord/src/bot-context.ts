import type { Logger, StudyHallDeps } from "@studyhall/core";
import type { Client, REST } from "discord.js";
import type { DiscordSettings, DiscordTuning } from "./discord-settings.ts";
import type { PlayerTokens } from "./quiz/player-tokens.ts";
import type { WorkSlots } from "./reply/work-slots.ts";

/** What every handler of the Discord front end receives, built once at start. */
export interface BotContext {
  deps: StudyHallDeps;
  settings: DiscordSettings;
  tuning: DiscordTuning;
  logger: Logger;
  client: Client;
  /** For interaction webhooks only: no client-side global cap (see createInteractionRest). */
  interactionRest: REST;
  applicationId: string;
  /** Bounds the answers and uploads in progress (see createWorkSlots). */
  workSlots: WorkSlots;
  /** Bounds the live-quiz clicks being recorded (see DiscordTuning.quizWork). */
  quizSlots: WorkSlots;
  /** Each quiz player's latest interaction token, for sending their result privately at the end. */
  quizTokens: PlayerTokens;
}
