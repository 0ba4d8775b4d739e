// A fake Discord on 127.0.0.1: REST (v10) and a gateway, so the real discord.js Client logs in and the
// bot's REST calls can be asserted on. Interactions follow Discord's rules: an interaction not
// acknowledged within 3 s is "Unknown interaction" (10062), and its token stops working after its
// lifetime (15 minutes, shorter in tests) with "Invalid Webhook Token" (50027).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FakeGateway, type Identify } from "./fake-discord-gateway.ts";
import {
  failureAnswer,
  parseJson,
  parseMultipart,
  readBody,
  type UploadedFile,
} from "./fake-discord-http.ts";
import {
  autocompletePayload,
  buttonPayload,
  type CommandOption,
  type FakeAttachment,
  type InteractionPlace,
  modalSubmitPayload,
  selectMenuPayload,
  slashCommandPayload,
} from "./fake-discord-interactions.ts";
import { type FakeGuild, type FakeUser, messageObject, snowflake } from "./fake-discord-payloads.ts";
import { routeRest } from "./fake-discord-rest.ts";

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

export interface DispatchedInteraction {
  id: string;
  token: string;
  /** performance.now() when it was sent to the bot. */
  sentAt: number;
}

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

export interface FakeDiscordOptions {
  guilds?: FakeGuild[];
  /** What GET /gateway/bot recommends (used with `shards: "auto"`). */
  recommendedShards?: number;
  /** Interaction tokens stop working after this long (Discord: 15 minutes). */
  tokenLifetimeMs?: number;
}

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
  modalSubmit(place: InteractionPlace, customId: string, components: unknown[]): DispatchedInteraction;
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

/** Starts a fake Discord on 127.0.0.1 with one application, its bot user and `guilds`. */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const calls: DiscordCall[] = [];
  const listeners = new Set<(call: DiscordCall) => void>();
  const files = new Map<string, { data: Uint8Array; contentType: string; delayMs: number }>();
  const failures: DiscordFailure[] = [];
  const holds: Array<{ match: (call: DiscordCall) => boolean; released: Promise<void> }> = [];
  const state = {
    applicationId: snowflake(),
    token: `fake.${snowflake()}.token`,
    bot: { id: snowflake(), username: "StudyHall", bot: true } as FakeUser,
    messages: new Map<string, Record<string, unknown>>(),
    interactions: new Map<string, InteractionState>(),
    tokens: new Map<string, InteractionState>(),
    recommendedShards: options.recommendedShards ?? 1,
    tokenLifetimeMs: options.tokenLifetimeMs ?? 15 * 60_000,
    base: "",
    files,
    nonces: new Map<string, string>(),
  };
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      // A fault in the fake itself: answer 500 if still possible, and say so loudly either way.
      process.stderr.write(`fake Discord failed on ${req.method} ${req.url}: ${String(error)}\n`);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: String(error), code: 0 }));
    });
  });
  const gateway = new FakeGateway(server, {
    ...state,
    guilds: options.guilds ?? [],
    url: () => `${state.base.replace("http", "ws")}/gateway`,
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = performance.now();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const raw = await readBody(req);
    const multipart = parseMultipart(raw, req.headers["content-type"]);
    const body = multipart?.body ?? parseJson(raw);
    const files = multipart?.files ?? [];
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/v10/, ""));
    const failureIndex = failures.findIndex(
      (f) => (!f.method || f.method === req.method) && (!f.path || f.path.test(path)),
    );
    const answer =
      failureIndex >= 0
        ? failureAnswer(failures.splice(failureIndex, 1)[0]!)
        : routeRest(state, {
            method: req.method ?? "GET",
            path,
            query: url.searchParams,
            body,
            files,
            headers: req.headers,
          });
    const call: DiscordCall = {
      method: req.method ?? "GET",
      path,
      query: url.searchParams,
      body,
      files,
      at,
      status: answer.status,
    };
    calls.push(call);
    for (const listener of listeners) listener(call);
    const hold = holds.findIndex((h) => h.match(call));
    if (hold >= 0) await holds.splice(hold, 1)[0]!.released;
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    // Like Discord, a 204 carries no body and no content type (discord.js would try to parse it).
    res.writeHead(
      answer.status,
      answer.headers ?? (answer.status === 204 ? {} : { "content-type": "application/json" }),
    );
    res.end(answer.raw ?? (answer.body === undefined ? undefined : JSON.stringify(answer.body)));
    if (answer.dispatch) gateway.tryDispatch(answer.dispatch.t, answer.dispatch.d, answer.dispatch.guildId);
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let delivery: InteractionDelivery = "first";
  function sendInteraction(payload: {
    id: string;
    token: string;
    channel_id: string;
    guild_id?: string;
    message?: unknown;
  }): DispatchedInteraction {
    const sentAt = performance.now();
    const message = payload.message as { id?: unknown } | undefined;
    const interaction: InteractionState = {
      id: payload.id,
      token: payload.token,
      sentAt,
      channelId: payload.channel_id,
      guildId: payload.guild_id,
      acknowledged: false,
      ephemeral: false,
      originalId: null,
      messageId: typeof message?.id === "string" ? message.id : null,
      payload,
    };
    state.interactions.set(payload.id, interaction);
    state.tokens.set(payload.token, interaction);
    gateway.dispatch("INTERACTION_CREATE", payload, payload.guild_id, delivery);
    return { id: payload.id, token: payload.token, sentAt };
  }

  const editsOf = (channelId: string) =>
    calls
      .filter((c) => c.method === "PATCH" && c.path.startsWith(`/channels/${channelId}/messages/`))
      .map((c) => c.at);

  const appId = state.applicationId;
  return {
    apiUrl: `${state.base}/api`,
    applicationId: appId,
    token: state.token,
    bot: state.bot,
    calls,
    identifies: gateway.identifies,
    messages: state.messages,
    interactions: state.interactions,
    slashCommand: (place, command) => sendInteraction(slashCommandPayload(appId, place, command)),
    autocomplete: (place, command) => sendInteraction(autocompletePayload(appId, place, command)),
    button: (place, customId, message) => sendInteraction(buttonPayload(appId, place, customId, message)),
    modalSubmit: (place, customId, components) =>
      sendInteraction(modalSubmitPayload(appId, place, customId, components)),
    selectMenu: (place, customId, values, message) =>
      sendInteraction(selectMenuPayload(appId, place, customId, values, message)),
    redeliver(interaction, to = "first") {
      const known = state.interactions.get(interaction.id);
      if (!known) throw new Error(`unknown interaction ${interaction.id}`);
      gateway.dispatch("INTERACTION_CREATE", known.payload, known.guildId, to);
    },
    setInteractionDelivery(to) {
      delivery = to;
    },
    channelEdits: editsOf,
    peakChannelEdits(channelId, windowMs = 5_000) {
      const times = editsOf(channelId).sort((a, b) => a - b);
      let peak = 0;
      for (let i = 0, j = 0; j < times.length; j++) {
        while (times[j]! - times[i]! >= windowMs) i++;
        peak = Math.max(peak, j - i + 1);
      }
      return peak;
    },
    message(place, author, content, mentions) {
      const message = messageObject({
        channelId: place.channelId,
        ...(place.guildId ? { guildId: place.guildId } : {}),
        author,
        content,
        ...(mentions ? { mentions } : {}),
        ...(place.roles ? { member: { roles: place.roles } } : {}),
      });
      state.messages.set(message.id, message);
      // Discord tells the type of the message's channel, so an uncached DM channel can be built.
      const channelType = place.guildId ? (place.parentId ? 11 : 0) : 1;
      gateway.dispatch("MESSAGE_CREATE", { ...message, channel_type: channelType }, place.guildId);
      return message;
    },
    dispatch: (t, d, guildId) => gateway.dispatch(t, d, guildId),
    waitFor(predicate, timeoutMs = 10_000) {
      const found = calls.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(
            new Error(
              `no matching Discord call within ${timeoutMs} ms; calls: ${calls.map((c) => `${c.method} ${c.path}`).join(", ")}`,
            ),
          );
        }, timeoutMs);
        const listener = (call: DiscordCall) => {
          if (!predicate(call)) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(call);
        };
        listeners.add(listener);
      });
    },
    callsFor: (interaction) => calls.filter((c) => c.path.includes(interaction.token)),
    serveFile(filename, data, contentType = "application/octet-stream", options = {}) {
      const id = snowflake();
      files.set(`${id}/${filename}`, { data, contentType, delayMs: options.delayMs ?? 0 });
      return {
        id,
        filename,
        size: data.byteLength,
        url: `${state.base}/attachments/${id}/${filename}`,
        content_type: contentType,
      };
    },
    failNext: (...more) => void failures.push(...more),
    holdNext(match) {
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      holds.push({ match, released });
      return { release };
    },
    setTokenLifetimeMs(ms) {
      state.tokenLifetimeMs = ms;
    },
    connectedShards: () => gateway.connectedShards,
    async close() {
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
