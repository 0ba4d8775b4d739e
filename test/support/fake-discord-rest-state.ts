// The fake Discord's REST shapes and the message store its routes share.
import type { IncomingHttpHeaders } from "node:http";
import type { UploadedFile } from "./fake-discord-http.ts";
import { type FakeGuild, type FakeUser, messageObject, snowflake } from "./fake-discord-payloads.ts";
import type { InteractionState } from "./fake-discord-types.ts";

/** What the fake Discord holds: its application, messages, interactions and files. */
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
  /** The guilds the fake serves (their channels are where threads and events may be made). */
  guilds: FakeGuild[];
  /** Guild Scheduled Events by id, as last changed. */
  scheduledEvents: Map<string, Record<string, unknown> & { id: string; guild_id: string; status: number }>;
  /** Threads made without a starter message, by id. */
  threads: Map<string, Record<string, unknown> & { id: string }>;
  /** Discord's clock (ms since epoch): what "in the past" means for a scheduled event. */
  now: () => number;
}

/** One REST request as the routes see it. */
export interface RestRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
  files: UploadedFile[];
  headers: IncomingHttpHeaders;
}

/** What a route answers, and what Discord would send on the gateway because of it. */
export interface RestAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  raw?: Uint8Array;
  /** A gateway event Discord sends as a consequence (e.g. THREAD_CREATE after starting a thread). */
  dispatch?: { t: string; d: unknown; guildId?: string; intent?: number };
  /** Wait this long before answering (a slow CDN). */
  delayMs?: number;
}

/** A Discord error answer: HTTP status, JSON error code and message. */
export const error = (status: number, code: number, message: string): RestAnswer => ({
  status,
  body: { message, code },
});

/** A message by the bot in a channel, with the message fields of `body`. */
export function botMessage(
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

/**
 * The body with uploaded files as the message's `attachments`, as Discord stores them: each file with
 * the description (alt text) its entry in the request's `attachments` gave it (`files[n]` is id n).
 */
export function withAttachments(req: RestRequest): Record<string, unknown> {
  if (req.files.length === 0) return req.body;
  const sent = Array.isArray(req.body.attachments)
    ? (req.body.attachments as Array<{ id?: unknown; description?: unknown }>)
    : [];
  const attachments = req.files.map((f) => {
    const index = /^files\[(\d+)\]$/.exec(f.field)?.[1];
    const description = sent.find((a) => String(a.id) === index)?.description;
    return {
      id: snowflake(),
      filename: f.filename,
      size: f.data.byteLength,
      content_type: f.contentType,
      url: `https://cdn.discordapp.test/attachments/${f.filename}`,
      ...(typeof description === "string" ? { description } : {}),
    };
  });
  return { ...req.body, attachments };
}

/** The fields of a request body that a message stores. */
export function pickMessageFields(body: Record<string, unknown>): Record<string, unknown> {
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

/** Stores (or replaces) a message by its id and returns it. */
export function store(state: RestState, message: Record<string, unknown>): Record<string, unknown> {
  state.messages.set(String(message.id), message);
  return message;
}
