// A fake Discord on 127.0.0.1: REST (v10) and a gateway, so the real discord.js Client logs in and the
// bot's REST calls can be asserted on. Interactions follow Discord's rules: an interaction not
// acknowledged within 3 s is "Unknown interaction" (10062), and its token stops working after its
// lifetime (15 minutes, shorter in tests) with "Invalid Webhook Token" (50027).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createCallLog } from "./fake-discord-call-log.ts";
import { FakeGateway, GUILD_SCHEDULED_EVENTS_INTENT } from "./fake-discord-gateway.ts";
import { failureAnswer, parseJson, parseMultipart, readBody } from "./fake-discord-http.ts";
import {
  autocompletePayload,
  buttonPayload,
  modalSubmitPayload,
  selectMenuPayload,
  slashCommandPayload,
} from "./fake-discord-interactions.ts";
import { type FakeUser, messageObject, snowflake } from "./fake-discord-payloads.ts";
import { type RestState, routeRest } from "./fake-discord-rest.ts";
import type {
  DiscordCall,
  DiscordFailure,
  DispatchedInteraction,
  FakeDiscord,
  FakeDiscordOptions,
  InteractionDelivery,
  InteractionState,
} from "./fake-discord-types.ts";

export type {
  DiscordCall,
  DiscordFailure,
  DispatchedInteraction,
  FakeDiscord,
  FakeDiscordOptions,
  InteractionDelivery,
  InteractionState,
} from "./fake-discord-types.ts";

/** Starts a fake Discord on 127.0.0.1 with one application, its bot user and `guilds`. */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const log = createCallLog();
  const { calls } = log;
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
    guilds: options.guilds ?? [],
    scheduledEvents: new Map(),
    threads: new Map(),
    now: () => (options.clock ? options.clock().getTime() : Date.now()),
  } satisfies RestState;
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
    scheduledEvents: state.scheduledEvents,
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
    log.record(call);
    const hold = holds.findIndex((h) => h.match(call));
    if (hold >= 0) await holds.splice(hold, 1)[0]!.released;
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    // Like Discord, a 204 carries no body and no content type (discord.js would try to parse it).
    res.writeHead(
      answer.status,
      answer.headers ?? (answer.status === 204 ? {} : { "content-type": "application/json" }),
    );
    res.end(answer.raw ?? (answer.body === undefined ? undefined : JSON.stringify(answer.body)));
    if (answer.dispatch)
      gateway.tryDispatch(
        answer.dispatch.t,
        answer.dispatch.d,
        answer.dispatch.guildId,
        answer.dispatch.intent,
      );
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
    modalSubmit: (place, customId, components, message) =>
      sendInteraction(modalSubmitPayload(appId, place, customId, components, message)),
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
    channelEdits: log.channelEdits,
    peakChannelEdits: log.peakChannelEdits,
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
    scheduledEvents: state.scheduledEvents,
    threads: state.threads,
    scheduledEventInterest({ user, eventId, interested }) {
      const event = state.scheduledEvents.get(eventId);
      if (!event) throw new Error(`unknown scheduled event ${eventId}`);
      event.user_count = Math.max(0, Number(event.user_count ?? 0) + (interested ? 1 : -1));
      const t = interested ? "GUILD_SCHEDULED_EVENT_USER_ADD" : "GUILD_SCHEDULED_EVENT_USER_REMOVE";
      const d = { guild_scheduled_event_id: eventId, user_id: user.id, guild_id: event.guild_id };
      return gateway.tryDispatch(t, d, event.guild_id, GUILD_SCHEDULED_EVENTS_INTENT);
    },
    waitFor: log.waitFor,
    callsFor: log.callsFor,
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
