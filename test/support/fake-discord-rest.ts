// The REST routes of the fake Discord (API v10): gateway discovery, interaction callbacks and
// webhooks, channel messages, threads, command registration and a CDN for attachments.
import type { IncomingHttpHeaders } from "node:http";
import type { UploadedFile } from "./fake-discord-http.ts";
import { type FakeUser, messageObject, snowflake, threadObject } from "./fake-discord-payloads.ts";
import type { InteractionState } from "./fake-discord-types.ts";

export interface RestState {
  applicationId: string;
  token: string;
  bot: FakeUser;
  messages: Map<string, Record<string, unknown>>;
  interactions: Map<string, InteractionState>;
  tokens: Map<string, InteractionState>;
  recommendedShards: number;
  tokenLifetimeMs: number;
  base: string;
  files: Map<string, { data: Uint8Array; contentType: string; delayMs: number }>;
  /** Bot messages by `channel:nonce`, for `enforce_nonce` (Discord keeps them a few minutes). */
  nonces: Map<string, string>;
}

interface RestRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
  files: UploadedFile[];
  headers: IncomingHttpHeaders;
}

export interface RestAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  raw?: Uint8Array;
  /** A gateway event Discord sends as a consequence (e.g. THREAD_CREATE after starting a thread). */
  dispatch?: { t: string; d: unknown; guildId?: string };
  /** Wait this long before answering (a slow CDN). */
  delayMs?: number;
}

const ACK_DEADLINE_MS = 3_000;
const EPHEMERAL = 1 << 6;

const error = (status: number, code: number, message: string): RestAnswer => ({
  status,
  body: { message, code },
});

type Handler = (state: RestState, match: RegExpExecArray, req: RestRequest) => RestAnswer;

/** Routes that need no bot token: the CDN, interaction callbacks and interaction webhooks. */
const OPEN_ROUTES: Array<[string | null, RegExp, Handler]> = [
  [null, /^\/attachments\/(.+)$/, (state, m) => attachment(state, m[1]!)],
  [
    "POST",
    /^\/interactions\/(\d+)\/([^/]+)\/callback$/,
    (state, m, req) => interactionCallback(state, m[1]!, m[2]!, req),
  ],
  [
    null,
    /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/,
    (state, m, req) => webhook(state, m[2]!, m[3], req),
  ],
];

/** Routes that need `Authorization: Bot <token>`. */
const BOT_ROUTES: Array<[string | null, RegExp, Handler]> = [
  ["GET", /^\/gateway\/bot$/, gatewayBot],
  ["GET", /^\/users\/@me$/, (state) => ({ status: 200, body: { ...state.bot, bot: true } })],
  ["POST", /^\/users\/@me\/channels$/, (_state, _m, req) => openDm(req)],
  ["PUT", /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/, registerCommands],
  ["POST", /^\/channels\/(\d+)\/typing$/, () => ({ status: 204 })],
  ["POST", /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/, startThread],
  ["POST", /^\/channels\/(\d+)\/messages$/, createChannelMessage],
  ["PATCH", /^\/channels\/(\d+)\/messages\/(\d+)$/, (state, m, req) => editStored(state, m[2]!, req.body)],
];

/** Answers one REST request against the fake's state. */
export function routeRest(state: RestState, req: RestRequest): RestAnswer {
  const open = match(OPEN_ROUTES, req);
  if (open) return open[0](state, open[1], req);
  if (req.headers.authorization !== `Bot ${state.token}`) return error(401, 0, "401: Unauthorized");
  const route = match(BOT_ROUTES, req);
  return route ? route[0](state, route[1], req) : error(404, 0, "404: Not Found");
}

function match(
  routes: Array<[string | null, RegExp, Handler]>,
  req: RestRequest,
): [Handler, RegExpExecArray] | null {
  for (const [method, pattern, handler] of routes) {
    const m = pattern.exec(req.path);
    if (m && (method === null || method === req.method)) return [handler, m];
  }
  return null;
}

function attachment(state: RestState, key: string): RestAnswer {
  const file = state.files.get(key);
  if (!file) return error(404, 0, "404: Not Found");
  return {
    status: 200,
    headers: { "content-type": file.contentType },
    raw: file.data,
    delayMs: file.delayMs,
  };
}

function gatewayBot(state: RestState): RestAnswer {
  return {
    status: 200,
    body: {
      url: `${state.base.replace("http", "ws")}/gateway`,
      shards: state.recommendedShards,
      session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 16 },
    },
  };
}

function registerCommands(_state: RestState, m: RegExpExecArray, req: RestRequest): RestAnswer {
  const list = Array.isArray(req.body.value) ? (req.body.value as Array<Record<string, unknown>>) : [];
  const body = list.map((c) => ({
    ...c,
    id: snowflake(),
    application_id: m[1],
    version: snowflake(),
    ...(m[2] ? { guild_id: m[2] } : {}),
  }));
  return { status: 200, body };
}

function startThread(state: RestState, m: RegExpExecArray, req: RestRequest): RestAnswer {
  const starter = state.messages.get(m[2]!);
  if (!starter) return error(404, 10008, "Unknown Message");
  const thread = threadObject({
    id: m[2]!,
    guildId: String(starter.guild_id ?? ""),
    parentId: m[1]!,
    ownerId: state.bot.id,
    name: String(req.body.name ?? ""),
  });
  return {
    status: 201,
    body: thread,
    dispatch: { t: "THREAD_CREATE", d: { ...thread, newly_created: true }, guildId: thread.guild_id },
  };
}

/** A bot message in a channel; with `enforce_nonce`, a nonce seen before returns that message instead. */
function createChannelMessage(state: RestState, m: RegExpExecArray, req: RestRequest): RestAnswer {
  const nonce =
    req.body.enforce_nonce === true && req.body.nonce !== undefined
      ? `${m[1]}:${String(req.body.nonce)}`
      : null;
  const seen = nonce ? state.nonces.get(nonce) : undefined;
  const existing = seen ? state.messages.get(seen) : undefined;
  if (existing) return { status: 200, body: existing };
  const message = store(state, botMessage(state, m[1]!, undefined, withAttachments(req)));
  if (nonce) state.nonces.set(nonce, String(message.id));
  return { status: 200, body: message };
}

/** The bot's DM channel with a user: the same id every time, "9" followed by the user's id. */
export function dmChannelId(userId: string): string {
  return `9${userId}`;
}

function openDm(req: RestRequest): RestAnswer {
  const recipient = String(req.body.recipient_id ?? "");
  if (!/^\d+$/.test(recipient)) return error(400, 50035, "Invalid Form Body");
  const channel = {
    id: dmChannelId(recipient),
    type: 1,
    recipients: [{ id: recipient }],
    last_message_id: null,
  };
  return { status: 200, body: channel };
}

function editStored(state: RestState, id: string, body: Record<string, unknown>): RestAnswer {
  const existing = state.messages.get(id);
  if (!existing) return error(404, 10008, "Unknown Message");
  return {
    status: 200,
    body: store(state, {
      ...existing,
      ...pickMessageFields(body),
      edited_timestamp: new Date().toISOString(),
    }),
  };
}

function interactionCallback(state: RestState, id: string, token: string, req: RestRequest): RestAnswer {
  const interaction = state.interactions.get(id);
  if (!interaction || interaction.token !== token) return error(404, 10062, "Unknown interaction");
  if (interaction.acknowledged) return error(400, 40060, "Interaction has already been acknowledged.");
  if (performance.now() - interaction.sentAt > ACK_DEADLINE_MS)
    return error(404, 10062, "Unknown interaction");
  interaction.acknowledged = true;
  const type = Number(req.body.type);
  const data = (req.body.data ?? {}) as Record<string, unknown>;
  let message: Record<string, unknown> | undefined;
  if ((type === 6 || type === 7) && interaction.messageId) {
    // An update of the component's message: later webhook edits of @original edit that message.
    interaction.originalId = interaction.messageId;
    const current = state.messages.get(interaction.messageId);
    if (type === 7 && current) store(state, { ...current, ...pickMessageFields(data) });
  }
  if (type === 4 || type === 5) {
    interaction.ephemeral = ((Number(data.flags) || 0) & EPHEMERAL) !== 0;
    message = store(
      state,
      botMessage(
        state,
        interaction.channelId,
        interaction.guildId,
        type === 4 ? data : { flags: data.flags, content: "" },
      ),
    );
    interaction.originalId = String(message.id);
  }
  if (req.query.get("with_response") !== "true") return { status: 204 };
  return {
    status: 200,
    body: {
      interaction: {
        id,
        type: 2,
        ...(message
          ? {
              response_message_id: message.id,
              response_message_loading: type === 5,
              response_message_ephemeral: interaction.ephemeral,
            }
          : {}),
      },
      resource: { type, ...(message && type === 4 ? { message } : {}) },
    },
  };
}

function webhook(
  state: RestState,
  token: string,
  messageId: string | undefined,
  req: RestRequest,
): RestAnswer {
  const interaction = state.tokens.get(token);
  if (!interaction) return error(404, 10015, "Unknown Webhook");
  if (performance.now() - interaction.sentAt > state.tokenLifetimeMs)
    return error(401, 50027, "Invalid Webhook Token");
  if (messageId === undefined) {
    if (req.method !== "POST") return error(405, 0, "405: Method Not Allowed");
    return {
      status: 200,
      body: store(state, botMessage(state, interaction.channelId, interaction.guildId, withAttachments(req))),
    };
  }
  const id = messageId === "@original" ? interaction.originalId : messageId;
  const existing = id ? state.messages.get(id) : undefined;
  if (!existing) return error(404, 10008, "Unknown Message");
  if (req.method === "GET") return { status: 200, body: existing };
  if (req.method === "DELETE") {
    state.messages.delete(String(existing.id));
    return { status: 204 };
  }
  if (req.method === "PATCH") {
    return {
      status: 200,
      body: store(state, {
        ...existing,
        ...pickMessageFields(withAttachments(req)),
        edited_timestamp: new Date().toISOString(),
      }),
    };
  }
  return error(405, 0, "405: Method Not Allowed");
}

function botMessage(
  state: RestState,
  channelId: string,
  guildId: string | undefined,
  body: Record<string, unknown>,
) {
  return {
    ...messageObject({ channelId, ...(guildId ? { guildId } : {}), author: state.bot, content: "" }),
    ...pickMessageFields(body),
    webhook_id: undefined,
  };
}

/** The body with uploaded files as the message's `attachments`, as Discord stores them. */
function withAttachments(req: RestRequest): Record<string, unknown> {
  if (req.files.length === 0) return req.body;
  const attachments = req.files.map((f) => ({
    id: snowflake(),
    filename: f.filename,
    size: f.data.byteLength,
    content_type: f.contentType,
    url: `https://cdn.discordapp.test/attachments/${f.filename}`,
  }));
  return { ...req.body, attachments };
}

function pickMessageFields(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of [
    "content",
    "components",
    "embeds",
    "flags",
    "message_reference",
    "attachments",
  ] as const) {
    if (body[key] !== undefined) out[key] = body[key];
  }
  return out;
}

function store(state: RestState, message: Record<string, unknown>): Record<string, unknown> {
  state.messages.set(String(message.id), message);
  return message;
}
