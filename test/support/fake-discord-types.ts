// The fake Discord's shapes: what a test sees of the bot's REST calls, the interactions it sent, and
// the handle startFakeDiscord returns.
import type { Identify } from "./fake-discord-gateway.ts";
import type { UploadedFile } from "./fake-discord-http.ts";
import type { CommandOption, FakeAttachment, InteractionPlace } from "./fake-discord-interactions.ts";
import type { FakeGuild, FakeUser } from "./fake-discord-payloads.ts";

/** One REST request the bot made, whatever the fake answered. */
export interface DiscordCall {
  method: string;
  /** Decoded, without the `/api/v10` prefix, e.g. `/webhooks/APP/TOKEN/messages/@original`. */
  path: string;
  query: URLSearchParams;
  /** The parsed JSON body ({} when none; a multipart request's `payload_json`). */
  body: Record<string, unknown>;
  /** Files of a multipart request (a message's attachments). */
  files: UploadedFile[];
  /** performance.now() when the request arrived. */
  at: number;
  status: number;
}

/** A canned failure for the next matching request, e.g. a 429 with `retry_after`. */
export interface DiscordFailure {
  method?: string;
  path?: RegExp;
  status: number;
  retryAfterSeconds?: number;
  global?: boolean;
  /** Discord's JSON error code and message, e.g. 50013 "Missing Permissions". */
  code?: number;
  message?: string;
}

/** An interaction the fake sent to the bot. */
export interface DispatchedInteraction {
  id: string;
  token: string;
  /** performance.now() when it was sent to the bot. */
  sentAt: number;
}

/** What the fake knows of an interaction: whether and how the bot acknowledged it. */
export interface InteractionState extends DispatchedInteraction {
  channelId: string;
  guildId: string | undefined;
  acknowledged: boolean;
  ephemeral: boolean;
  originalId: string | null;
  /** A component interaction's message: what an update callback (types 6 and 7) edits. */
  messageId: string | null;
  /** The INTERACTION_CREATE payload, for redelivery. */
  payload: Record<string, unknown>;
}

/**
 * Which gateway session gets an interaction when several are connected for the guild's shard (two
 * bot processes): the first, each in turn, or all of them (a duplicated delivery).
 */
export type InteractionDelivery = "first" | "next" | "all";

/** How a fake Discord starts. */
export interface FakeDiscordOptions {
  guilds?: FakeGuild[];
  /** What GET /gateway/bot recommends (used with `shards: "auto"`). */
  recommendedShards?: number;
  /** Interaction tokens stop working after this long (Discord: 15 minutes). */
  tokenLifetimeMs?: number;
  /** Discord's clock, for what "in the past" means to a scheduled event; the system clock by default. */
  clock?: () => Date;
}

/** A running fake Discord, with what the bot did and ways to act as Discord's users. */
export interface FakeDiscord {
  /** Pass as the client's `rest.api` (and DISCORD_API_URL), e.g. `http://127.0.0.1:P/api`. */
  apiUrl: string;
  applicationId: string;
  token: string;
  bot: FakeUser;
  calls: DiscordCall[];
  identifies: Identify[];
  /** Stored messages by id (interaction originals, follow-ups, channel messages), as last edited. */
  messages: Map<string, Record<string, unknown>>;
  interactions: Map<string, InteractionState>;
  slashCommand(
    place: InteractionPlace,
    command: { name: string; options?: CommandOption[]; attachments?: FakeAttachment[]; users?: FakeUser[] },
  ): DispatchedInteraction;
  autocomplete(
    place: InteractionPlace,
    command: { name: string; options: CommandOption[] },
  ): DispatchedInteraction;
  button(place: InteractionPlace, customId: string, message: unknown): DispatchedInteraction;
  /** A submitted form; `message`: the message whose button opened it (the submit may update it). */
  modalSubmit(
    place: InteractionPlace,
    customId: string,
    components: unknown[],
    message?: unknown,
  ): DispatchedInteraction;
  /** A string select menu's submission (type 3, component type 3) on `message`. */
  selectMenu(
    place: InteractionPlace,
    customId: string,
    values: string[],
    message: unknown,
  ): DispatchedInteraction;
  /** Sends an interaction's INTERACTION_CREATE again (a gateway replay), to one session or all. */
  redeliver(interaction: DispatchedInteraction, to?: InteractionDelivery): void;
  /** How interactions are spread over sessions that share a shard (default "first"). */
  setInteractionDelivery(to: InteractionDelivery): void;
  /** Times (performance.now()) of every edit of a channel's messages by the bot, whatever was answered. */
  channelEdits(channelId: string): number[];
  /** The most edits of a channel's messages within any `windowMs` (Discord allows 5 per 5 s). */
  peakChannelEdits(channelId: string, windowMs?: number): number;
  /** Dispatches MESSAGE_CREATE from `author` in `place` and returns the message. */
  message(
    place: Omit<InteractionPlace, "user">,
    author: FakeUser,
    content: string,
    mentions?: FakeUser[],
  ): Record<string, unknown>;
  dispatch(t: string, d: unknown, guildId?: string): void;
  /** Guild Scheduled Events the bot made, by id, as last changed. */
  scheduledEvents: Map<string, Record<string, unknown> & { id: string; guild_id: string; status: number }>;
  /** Threads the bot started without a message (a session's thread), by id. */
  threads: Map<string, Record<string, unknown> & { id: string }>;
  /**
   * `user` clicks Interested on the event (or takes it back): GUILD_SCHEDULED_EVENT_USER_ADD or _REMOVE
   * on the gateway. False when Discord would not send it (the bot did not ask for the intent).
   */
  scheduledEventInterest(input: { user: FakeUser; eventId: string; interested: boolean }): boolean;
  /** Resolves with the first call (already made or future) matching `predicate`. */
  waitFor(predicate: (call: DiscordCall) => boolean, timeoutMs?: number): Promise<DiscordCall>;
  /** Calls made with this interaction's token (callback and webhooks). */
  callsFor(interaction: DispatchedInteraction): DiscordCall[];
  /** Serves `data` as an attachment on the fake CDN, optionally slowly. */
  serveFile(
    filename: string,
    data: Uint8Array,
    contentType?: string,
    options?: { delayMs?: number },
  ): FakeAttachment;
  failNext(...failures: DiscordFailure[]): void;
  /**
   * Holds the answer to the next request that `match`es until `release()`: the request is recorded (and
   * its effect stored) at once, but the bot sees no response, as when Discord is slow to accept an edit.
   */
  holdNext(match: (call: DiscordCall) => boolean): { release(): void };
  /** Interaction tokens issued from now on (and earlier ones) expire this long after their interaction. */
  setTokenLifetimeMs(ms: number): void;
  connectedShards(): number;
  close(): Promise<void>;
}
