import type { StudyNudgeSender } from "@studyhall/core";
import type { REST } from "discord.js";
import { toDiscordMessages } from "../render/to-discord-messages.ts";
import { sendDirectMessages } from "./send-direct-messages.ts";

/**
 * The daily "cards are due" nudge as a Discord DM through the bot's REST client (the job runner may
 * run it in a process without a gateway connection). Discord user ids are global, so the tenant is
 * not needed. A failure (DMs closed, Discord down) is thrown for the job's retry; core decided who is
 * nudged, when, and the words.
 */
export function createDiscordStudyNudgeSender(rest: REST): StudyNudgeSender {
  return {
    platform: "DISCORD",
    async send({ externalId, reply }) {
      await sendDirectMessages(rest, externalId, toDiscordMessages({ ...reply, visibility: "public" }));
    },
  };
}
