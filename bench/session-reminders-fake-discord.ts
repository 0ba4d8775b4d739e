// A fake Discord REST API (v10) for the reminder benchmark that enforces Discord's limits as Discord
// answers them and logs every accepted request: the global limit per bot token (429 with `global: true`,
// `X-RateLimit-Global` and `X-RateLimit-Scope: global`) and per-route buckets announced with
// `X-RateLimit-Limit/-Remaining/-Reset/-Reset-After/-Bucket` on every answer (429 with scope "user" when
// a bucket is spent). Only what the DM sender calls: open a DM channel, post a message in it.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { FixedWindow } from "./session-reminders-windows.ts";

/** Discord: 50 requests per second per bot token, across every route. */
export const DISCORD_GLOBAL_LIMIT = { requests: 50, windowMs: 1_000 } as const;

/** Discord's observed bucket for posting in one channel: 5 messages per 5 seconds. */
export const DISCORD_MESSAGE_BUCKET = { limit: 5, windowMs: 5_000 } as const;

/**
 * Opening a DM (POST /users/@me/channels): Discord publishes no figure. The fake announces a bucket as
 * wide as the global limit, so only the global limit binds; a stricter real bucket would only lower
 * the Discord figures reported.
 */
export const DISCORD_DM_BUCKET = { limit: 50, windowMs: 1_000 } as const;

export interface DiscordMessage {
  /** The person the DM channel belongs to. */
  userId: string;
  content: string;
  at: number;
}

export interface LimitedFakeDiscord {
  apiUrl: string;
  token: string;
  messages: DiscordMessage[];
  /** Every accepted request (DM opens and messages), by time. */
  accepted: number[];
  /** Every request that arrived, accepted or not. */
  attempts: number[];
  refused: { global: number; route: number };
  close(): Promise<void>;
}

type Answer = { status: number; body: object; headers?: Record<string, string> };

export async function startLimitedFakeDiscord(): Promise<LimitedFakeDiscord> {
  const token = "bench-reminders-bot-token";
  const state = {
    messages: [] as DiscordMessage[],
    accepted: [] as number[],
    attempts: [] as number[],
    refused: { global: 0, route: 0 },
    global: new FixedWindow(DISCORD_GLOBAL_LIMIT.requests, DISCORD_GLOBAL_LIMIT.windowMs),
    buckets: new Map<string, FixedWindow>(),
    dmChannels: new Map<string, string>(),
    dmOwners: new Map<string, string>(),
  };
  const server: Server = createServer((req, res) => {
    void readJson(req).then((body) => {
      const answer = route(state, token, req, body);
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.keepAliveTimeout = 60_000;
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    token,
    messages: state.messages,
    accepted: state.accepted,
    attempts: state.attempts,
    refused: state.refused,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type State = {
  messages: DiscordMessage[];
  accepted: number[];
  attempts: number[];
  refused: { global: number; route: number };
  global: FixedWindow;
  buckets: Map<string, FixedWindow>;
  dmChannels: Map<string, string>;
  dmOwners: Map<string, string>;
};

function route(state: State, token: string, req: IncomingMessage, body: Record<string, unknown>): Answer {
  const path = (req.url ?? "").replace(/^\/api\/v10/, "").split("?")[0] ?? "";
  if (req.headers.authorization !== `Bot ${token}`)
    return { status: 401, body: { message: "401: Unauthorized", code: 0 } };
  const now = Date.now();
  state.attempts.push(now);
  const message = /^\/channels\/(\d+)\/messages$/.exec(path);
  const isDm = path === "/users/@me/channels";
  if (req.method !== "POST" || (!message && !isDm))
    return { status: 404, body: { message: "404: Not Found", code: 0 } };
  // The route's bucket: per channel for messages (its major parameter), one for opening DMs.
  const [hash, key, spec] = message
    ? ["reminders-messages", `messages/${message[1]}`, DISCORD_MESSAGE_BUCKET]
    : ["reminders-dm-open", "dm-open", DISCORD_DM_BUCKET];
  let bucket = state.buckets.get(key);
  if (!bucket) {
    bucket = new FixedWindow(spec.limit, spec.windowMs);
    state.buckets.set(key, bucket);
  }
  const global = state.global.take(now);
  if (!global.ok) {
    state.refused.global += 1;
    const retryAfter = global.waitMs / 1000;
    return {
      status: 429,
      headers: {
        "retry-after": String(Math.max(1, Math.ceil(retryAfter))),
        "x-ratelimit-global": "true",
        "x-ratelimit-scope": "global",
      },
      body: { message: "You are being rate limited.", retry_after: retryAfter, global: true },
    };
  }
  const slot = bucket.take(now);
  const resetAfter = (slot.ok ? slot.resetAfterMs : slot.waitMs) / 1000;
  const headers = {
    "x-ratelimit-limit": String(spec.limit),
    "x-ratelimit-remaining": String(slot.ok ? slot.remaining : 0),
    "x-ratelimit-reset": String((now + resetAfter * 1000) / 1000),
    "x-ratelimit-reset-after": resetAfter.toFixed(3),
    "x-ratelimit-bucket": hash,
  };
  if (!slot.ok) {
    state.refused.route += 1;
    return {
      status: 429,
      headers: {
        ...headers,
        "retry-after": String(Math.max(1, Math.ceil(resetAfter))),
        "x-ratelimit-scope": "user",
      },
      body: { message: "You are being rate limited.", retry_after: resetAfter, global: false },
    };
  }
  state.accepted.push(now);
  if (isDm) return { status: 200, headers, body: openDm(state, String(body.recipient_id ?? "")) };
  const channelId = message![1]!;
  const userId = state.dmOwners.get(channelId);
  if (!userId) return { status: 404, headers, body: { message: "Unknown Channel", code: 10003 } };
  state.messages.push({ userId, content: JSON.stringify(body), at: now });
  const id = String(1_400_000_000_000_000_000n + BigInt(state.messages.length));
  return { status: 200, headers, body: { id, channel_id: channelId, content: body.content ?? "" } };
}

/** The person's DM channel with the bot: the same one every time, as Discord answers. */
function openDm(state: State, recipient: string): object {
  let id = state.dmChannels.get(recipient);
  if (!id) {
    id = String(1_300_000_000_000_000_000n + BigInt(state.dmChannels.size + 1));
    state.dmChannels.set(recipient, id);
    state.dmOwners.set(id, recipient);
  }
  return { id, type: 1, recipients: [{ id: recipient, username: `user-${recipient.slice(-5)}` }] };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  try {
    return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
