import { Client, GatewayIntentBits, Partials, REST } from "discord.js";
import type { DiscordSettings } from "../discord-settings.ts";

/**
 * The discord.js client with the fewest intents that serve StudyHall: guilds (channels, threads,
 * roles), guild and DM messages (thread follow-ups, private tutoring, mentions), and scheduled events
 * (who clicks Interested on a study session's event). Message Content is
 * privileged and asked for only when configured; without it Discord still delivers the content of DMs
 * and of messages that mention the bot, and slash commands need no intent at all.
 */
export function createDiscordClient(settings: DiscordSettings): Client {
  const intents = [
    GatewayIntentBits.Guilds,
    GatewayIntentBits.GuildMessages,
    GatewayIntentBits.DirectMessages,
    GatewayIntentBits.GuildScheduledEvents,
  ];
  if (settings.messageContent) intents.push(GatewayIntentBits.MessageContent);
  return new Client({
    intents,
    // DM channels are not cached ahead of time; without this partial their messages are dropped. An
    // Interested click names an event and a user by id only: an event made before this process started,
    // or a user never seen, is emitted as a partial rather than dropped.
    partials: [Partials.Channel, Partials.GuildScheduledEvent, Partials.User],
    allowedMentions: { parse: [] },
    ...(settings.shards === undefined
      ? {}
      : { shards: settings.shards === "auto" ? "auto" : range(settings.shards) }),
    ...(typeof settings.shards === "number" ? { shardCount: settings.shards } : {}),
    rest: settings.apiUrl ? { api: settings.apiUrl } : {},
  });
}

/**
 * A REST client for interaction webhooks only (edit the reply, follow-ups). Discord does not count
 * interaction endpoints against the bot's global rate limit, but discord.js puts webhook calls behind
 * its client-side global limiter (50/s), which caps a defer-then-edit bot near 50 answers a second.
 * Here that cap is lifted; per-route buckets and 429s from Discord are still honoured. Calls are made
 * with the interaction token in the path, never the bot token.
 */
export function createInteractionRest(settings: DiscordSettings): REST {
  return new REST({
    version: "10",
    globalRequestsPerSecond: Number.POSITIVE_INFINITY,
    ...(settings.apiUrl ? { api: settings.apiUrl } : {}),
  });
}

/**
 * A REST client with the bot token for the live quiz's channel messages. It is built with the front
 * end, before the gateway logs in, so a quiz timer that fires while the bot is still connecting can
 * already edit its game.
 */
export function createBotRest(settings: DiscordSettings): REST {
  const rest = new REST({ version: "10", ...(settings.apiUrl ? { api: settings.apiUrl } : {}) });
  return settings.token ? rest.setToken(settings.token) : rest;
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}
