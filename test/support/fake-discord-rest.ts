// The REST routes of the fake Discord (API v10): gateway discovery, interaction callbacks and
// webhooks, channel messages, threads, scheduled events, command registration and a CDN for attachments.

import { interactionCallback, webhook } from "./fake-discord-interaction-routes.ts";
import { snowflake, threadObject } from "./fake-discord-payloads.ts";
import {
  botMessage,
  error,
  pickMessageFields,
  type RestAnswer,
  type RestRequest,
  type RestState,
  store,
  withAttachments,
} from "./fake-discord-rest-state.ts";
import {
  createScheduledEvent,
  deleteScheduledEvent,
  getChannel,
  getScheduledEvents,
  patchScheduledEvent,
  startThreadWithoutMessage,
} from "./fake-discord-scheduled-events.ts";

export type { RestAnswer, RestState } from "./fake-discord-rest-state.ts";

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
  ["POST", /^\/channels\/(\d+)\/threads$/, startThreadWithoutMessage],
  ["GET", /^\/channels\/(\d+)$/, getChannel],
  ["POST", /^\/guilds\/(\d+)\/scheduled-events$/, createScheduledEvent],
  ["GET", /^\/guilds\/(\d+)\/scheduled-events(?:\/(\d+))?$/, getScheduledEvents],
  ["PATCH", /^\/guilds\/(\d+)\/scheduled-events\/(\d+)$/, patchScheduledEvent],
  ["DELETE", /^\/guilds\/(\d+)\/scheduled-events\/(\d+)$/, deleteScheduledEvent],
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
