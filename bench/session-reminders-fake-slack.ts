// A fake Slack Web API for the reminder benchmark that enforces chat.postMessage's limits the way Slack
// answers them (HTTP 429, `Retry-After` in whole seconds, `{ ok: false, error: "ratelimited" }`) and
// logs every accepted message. Only what the DM sender calls: chat.postMessage (auth.test for a client
// that asks). The bot token names the workspace: `xoxb-<team id>`.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SlidingWindow } from "./session-reminders-windows.ts";

/** Slack: chat.postMessage "allows 1 message per second per channel, with short bursts allowed"; kept strict. */
export const SLACK_CHANNEL_LIMIT = { messages: 1, windowMs: 1_000 } as const;

/**
 * Slack publishes no workspace-wide figure for chat.postMessage. This benchmark assumes a conservative
 * 600 messages a minute per workspace (10 a second), the way a workspace-wide cap would answer: 429.
 */
export const SLACK_WORKSPACE_CAP = { messages: 600, windowMs: 60_000 } as const;

export interface SlackMessage {
  team: string;
  /** The channel posted to: the person's user id (Slack puts it in the app's DM). */
  channel: string;
  /** The message's text and blocks, as JSON, to check what it carries. */
  content: string;
  at: number;
}

export interface LimitedFakeSlack {
  apiUrl: string;
  messages: SlackMessage[];
  refused: { workspace: number; channel: number };
  /** Every chat.postMessage that arrived (accepted or not), by arrival time. */
  attempts: number[];
  close(): Promise<void>;
}

export async function startLimitedFakeSlack(): Promise<LimitedFakeSlack> {
  const messages: SlackMessage[] = [];
  const attempts: number[] = [];
  const refused = { workspace: 0, channel: 0 };
  const workspaces = new Map<string, SlidingWindow>();
  const channels = new Map<string, SlidingWindow>();
  const windowOf = (map: Map<string, SlidingWindow>, key: string, limit: number, ms: number) => {
    let window = map.get(key);
    if (!window) {
      window = new SlidingWindow(limit, ms);
      map.set(key, window);
    }
    return window;
  };

  const server: Server = createServer((req, res) => {
    void readForm(req).then((form) => {
      const method = (req.url ?? "").replace(/^\/api\//, "").split("?")[0];
      const team = (req.headers.authorization ?? "").replace(/^Bearer xoxb-/, "");
      const answer = (status: number, body: object, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(body));
      };
      if (method === "auth.test") return answer(200, { ok: true, team_id: team, user_id: "U0BOT" });
      if (method !== "chat.postMessage") return answer(200, { ok: false, error: "unknown_method" });
      const now = Date.now();
      attempts.push(now);
      const channel = form.channel ?? "";
      const workspace = windowOf(
        workspaces,
        team,
        SLACK_WORKSPACE_CAP.messages,
        SLACK_WORKSPACE_CAP.windowMs,
      );
      const perChannel = windowOf(
        channels,
        `${team}/${channel}`,
        SLACK_CHANNEL_LIMIT.messages,
        SLACK_CHANNEL_LIMIT.windowMs,
      );
      const capped = workspace.check(now);
      const paced = capped.ok ? perChannel.check(now) : capped;
      if (!paced.ok) {
        if (capped.ok) refused.channel += 1;
        else refused.workspace += 1;
        const seconds = Math.max(1, Math.ceil(paced.waitMs / 1000));
        return answer(429, { ok: false, error: "ratelimited" }, { "retry-after": String(seconds) });
      }
      workspace.record(now);
      perChannel.record(now);
      messages.push({ team, channel, content: `${form.text ?? ""}\n${form.blocks ?? ""}`, at: now });
      const ts = `${Math.floor(now / 1000)}.${String(messages.length).padStart(6, "0")}`;
      answer(200, { ok: true, channel: `D${channel}`, ts, message: { text: form.text, ts } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.keepAliveTimeout = 60_000;
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    messages,
    refused,
    attempts,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The Web API's arguments: form-encoded (what WebClient sends) or JSON. */
async function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  if ((req.headers["content-type"] ?? "").includes("json")) {
    const parsed = JSON.parse(raw || "{}") as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(parsed).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
  }
  return Object.fromEntries(new URLSearchParams(raw));
}
