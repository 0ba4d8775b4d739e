import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One Web API call the fake received: the method, the token it carried and the decoded arguments. */
export interface SlackApiCall {
  method: string;
  /** The bearer token (header or `token` argument); "" when none was sent. */
  token: string;
  /** Form or JSON arguments; JSON-encoded values (blocks, view) are decoded. */
  args: Record<string, unknown>;
  /** Milliseconds since the fake started, when the call arrived. */
  at: number;
}

/** A POST to a response_url the fake handed out (slash commands and interactivity). */
export interface SlackResponseUrlCall {
  path: string;
  body: Record<string, unknown>;
  at: number;
}

export interface FakeWorkspace {
  teamId: string;
  botToken: string;
  botUserId: string;
  botId: string;
  /** Users and whether they are workspace admins (users.info `is_admin`). */
  admins?: string[];
}

export interface FakeSlackFile {
  id: string;
  name: string;
  mimetype: string;
  data: Uint8Array;
  /** The team whose bot token may download it. */
  teamId: string;
}

type Answer = Record<string, unknown> | { status: number; headers?: Record<string, string>; body?: unknown };
type Handler = (call: SlackApiCall) => Answer | Promise<Answer>;

/** A real HTTP server on 127.0.0.1 speaking the Slack Web API well enough for @slack/web-api and Bolt. */
export interface FakeSlackWebApi {
  /** Pass as `slackApiUrl` / SLACK_API_URL (ends with `/api/`). */
  apiUrl: string;
  /** Base URL of the server itself (response URLs, file downloads). */
  url: string;
  calls: SlackApiCall[];
  responses: SlackResponseUrlCall[];
  /** File downloads served, with the token used. */
  downloads: Array<{ fileId: string; token: string; status: number }>;
  addWorkspace(workspace: FakeWorkspace): void;
  addFile(file: FakeSlackFile): void;
  /** A fresh response_url for a slash command or interaction. */
  responseUrl(): string;
  /** Calls of one method, optionally only those matching `where`. */
  callsTo(method: string, where?: (call: SlackApiCall) => boolean): SlackApiCall[];
  /** Waits until `count` calls of `method` match `where` (default 1), or throws after `timeoutMs`. */
  waitFor(
    method: string,
    where?: (call: SlackApiCall) => boolean,
    options?: { count?: number; timeoutMs?: number },
  ): Promise<SlackApiCall[]>;
  /** Waits until a response_url POST matches `where`. */
  waitForResponse(
    where?: (call: SlackResponseUrlCall) => boolean,
    timeoutMs?: number,
  ): Promise<SlackResponseUrlCall>;
  /** Answers the next call of `method` with HTTP 429 and `Retry-After: seconds`. */
  rateLimitNext(method: string, seconds: number): void;
  /** Answers the next call of `method` with `{ ok: false, error }`. */
  failNext(method: string, error: string): void;
  /** Replaces the default answer of `method`. */
  setHandler(method: string, handler: Handler): void;
  reset(): void;
  close(): Promise<void>;
}

/** Starts the fake on a free port of 127.0.0.1. */
export async function startFakeSlackWebApi(): Promise<FakeSlackWebApi> {
  const started = performance.now();
  const now = () => Math.round(performance.now() - started);
  const state = freshState();
  const calls: SlackApiCall[] = [];
  const responses: SlackResponseUrlCall[] = [];
  const downloads: FakeSlackWebApi["downloads"] = [];
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const wake of waiters) wake();
  };
  let base = "";
  let responseCount = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", base);
    const raw = await readBody(req);
    if (req.method === "GET" && url.pathname.startsWith("/files/")) {
      return serveFile(state, url.pathname.slice("/files/".length), req, res, downloads);
    }
    if (req.method === "POST" && url.pathname.startsWith("/response/")) {
      responses.push({ path: url.pathname, body: parseJson(raw), at: now() });
      notify();
      return send(res, 200, "ok", "text/plain");
    }
    const method = /^\/api\/([\w.]+)$/.exec(url.pathname)?.[1];
    if (!method) return send(res, 404, "not found", "text/plain");
    const args = parseArgs(raw, req.headers["content-type"] ?? "");
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const token = bearer ?? (typeof args.token === "string" ? args.token : "");
    const call: SlackApiCall = { method, token, args, at: now() };
    calls.push(call);
    const answer = await answerCall(state, call, base);
    notify();
    if ("status" in answer && typeof answer.status === "number") {
      res.writeHead(answer.status, { "content-type": "application/json", ...(answer.headers ?? {}) });
      return void res.end(JSON.stringify(answer.body ?? { ok: false, error: "ratelimited" }));
    }
    send(res, 200, JSON.stringify(answer), "application/json");
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, String(error), "text/plain"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function waitUntil<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const found = check();
    if (found !== undefined) return found;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(wake);
        reject(new Error(`fake Slack: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const wake = () => {
        const value = check();
        if (value === undefined) return;
        clearTimeout(timer);
        waiters.delete(wake);
        resolve(value);
      };
      waiters.add(wake);
    });
  }

  const callsTo = (method: string, where: (call: SlackApiCall) => boolean = () => true) =>
    calls.filter((c) => c.method === method && where(c));

  return {
    apiUrl: `${base}/api/`,
    url: base,
    calls,
    responses,
    downloads,
    addWorkspace: (w) => void state.workspaces.set(w.botToken, w),
    addFile: (f) => void state.files.set(f.id, f),
    responseUrl: () => `${base}/response/${++responseCount}`,
    callsTo,
    waitFor(method, where = () => true, { count = 1, timeoutMs = 10_000 } = {}) {
      return waitUntil(
        () => {
          const found = callsTo(method, where);
          return found.length >= count ? found : undefined;
        },
        timeoutMs,
        `${count} × ${method}`,
      );
    },
    waitForResponse(where = () => true, timeoutMs = 10_000) {
      return waitUntil(() => responses.find(where), timeoutMs, "a response_url POST");
    },
    rateLimitNext: (method, seconds) =>
      void state.queued.push({
        method,
        answer: { status: 429, headers: { "retry-after": String(seconds) }, body: { ok: false, error: "ratelimited" } },
      }),
    failNext: (method, error) => void state.queued.push({ method, answer: { ok: false, error } }),
    setHandler: (method, handler) => void state.handlers.set(method, handler),
    reset() {
      calls.length = 0;
      responses.length = 0;
      downloads.length = 0;
      state.queued.length = 0;
      state.handlers.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

interface FakeState {
  workspaces: Map<string, FakeWorkspace>;
  files: Map<string, FakeSlackFile>;
  queued: Array<{ method: string; answer: Answer }>;
  handlers: Map<string, Handler>;
  ts: number;
}

function freshState(): FakeState {
  return { workspaces: new Map(), files: new Map(), queued: [], handlers: new Map(), ts: 1_700_000_000 };
}

async function answerCall(state: FakeState, call: SlackApiCall, base: string): Promise<Answer> {
  const queued = state.queued.findIndex((q) => q.method === call.method);
  if (queued >= 0) return state.queued.splice(queued, 1)[0]!.answer;
  const custom = state.handlers.get(call.method);
  if (custom) return custom(call);
  const workspace = state.workspaces.get(call.token);
  const needsToken = !["oauth.v2.access", "apps.connections.open"].includes(call.method);
  if (needsToken && !workspace) return { ok: false, error: "invalid_auth" };
  return defaultAnswer(state, call, workspace!, base);
}

function defaultAnswer(state: FakeState, call: SlackApiCall, w: FakeWorkspace, base: string): Answer {
  const nextTs = () => `${++state.ts}.000100`;
  const { args } = call;
  switch (call.method) {
    case "auth.test":
      return { ok: true, url: `https://${w.teamId}.slack.test/`, team: w.teamId, user: "studyhall", team_id: w.teamId, user_id: w.botUserId, bot_id: w.botId };
    case "chat.postMessage": {
      const ts = nextTs();
      return { ok: true, channel: args.channel, ts, message: { ...args, ts, bot_id: w.botId } };
    }
    case "chat.update":
      return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
    case "chat.postEphemeral":
      return { ok: true, message_ts: nextTs() };
    case "views.open":
    case "views.publish":
    case "views.update":
      return { ok: true, view: { id: `V${state.ts}`, ...(args.view as object) } };
    case "users.info": {
      const user = String(args.user);
      const admin = w.admins?.includes(user) ?? false;
      return { ok: true, user: { id: user, team_id: w.teamId, name: user.toLowerCase(), is_admin: admin, is_owner: false } };
    }
    case "files.info": {
      const file = state.files.get(String(args.file));
      if (!file || file.teamId !== w.teamId) return { ok: false, error: "file_not_found" };
      return {
        ok: true,
        file: {
          id: file.id,
          name: file.name,
          title: file.name,
          mimetype: file.mimetype,
          size: file.data.byteLength,
          url_private: `${base}/files/${file.id}`,
          url_private_download: `${base}/files/${file.id}?download=1`,
        },
      };
    }
    default:
      return { ok: true };
  }
}

function serveFile(
  state: FakeState,
  id: string,
  req: IncomingMessage,
  res: ServerResponse,
  downloads: FakeSlackWebApi["downloads"],
): void {
  const file = state.files.get(id);
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
  const workspace = state.workspaces.get(token);
  // Like Slack: without a valid token for the file's workspace you get a login page, not the file.
  const status = file && workspace?.teamId === file.teamId ? 200 : 302;
  downloads.push({ fileId: id, token, status });
  if (status !== 200 || !file) {
    res.writeHead(302, { location: "/login" });
    return void res.end();
  }
  res.writeHead(200, { "content-type": file.mimetype, "content-length": String(file.data.byteLength) });
  res.end(Buffer.from(file.data));
}

function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes("application/json")) return parseJson(raw);
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = /^[[{]/.test(value) ? tryJson(value) : value;
  }
  return args;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function parseJson(raw: string): Record<string, unknown> {
  const value = tryJson(raw);
  return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: string, type: string): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { "content-type": type });
  res.end(body);
}
