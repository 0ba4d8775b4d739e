import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  answerCall,
  type FakeSlackFile,
  type FakeSlackProfile,
  type FakeUpload,
  type FakeWorkspace,
  freshState,
  type Handler,
  parseArgs,
  parseJson,
  readBody,
  type SlackApiCall,
  type SlackResponseUrlCall,
  send,
  serveFile,
} from "./fake-slack-api-behaviour.ts";

export type {
  FakeSlackFile,
  FakeUpload,
  FakeUserGroup,
  FakeWorkspace,
  SlackApiCall,
  SlackResponseUrlCall,
} from "./fake-slack-api-behaviour.ts";

export interface FakeSlackWebApi {
  /** Pass as `slackApiUrl` / SLACK_API_URL (ends with `/api/`). */
  apiUrl: string;
  /** Base URL of the server itself (response URLs, file downloads). */
  url: string;
  calls: SlackApiCall[];
  responses: SlackResponseUrlCall[];
  /** File downloads served, with the token used. */
  downloads: Array<{ fileId: string; token: string; status: number }>;
  /** Files uploaded (files.uploadV2: get an upload URL, POST the bytes, complete the upload). */
  uploads(): FakeUpload[];
  addWorkspace(workspace: FakeWorkspace): void;
  /** Gives a user of a workspace the profile users.info answers with from now on. */
  setProfile(teamId: string, userId: string, profile: FakeSlackProfile): void;
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
  /**
   * The most calls of `method` with the same key (e.g. chat.update per message ts) that fell in any
   * window of `windowMs` (calls at t and t + windowMs - 1 share a window): for rate-limit checks.
   */
  peakRate(
    method: string,
    keyOf: (call: SlackApiCall) => string,
    windowMs: number,
    where?: (call: SlackApiCall) => boolean,
  ): { peak: number; key: string | null };
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
  /**
   * Holds the calls of `method` that match `where` (all by default): received and recorded, not
   * answered until the returned function is called; then they, and later calls, are answered as usual.
   */
  hold(method: string, where?: (call: SlackApiCall) => boolean): () => void;
  /** The most calls of `method` the fake was answering at once (received, not yet answered). */
  peakConcurrent(method: string): number;
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
  const { notify, waitUntil } = createWaiters();
  let base = "";
  let responseCount = 0;
  const held = new Map<string, { until: Promise<void>; where: (call: SlackApiCall) => boolean }>();
  const inFlight = new Map<string, { now: number; peak: number }>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", base);
    if (req.method === "POST" && url.pathname.startsWith("/upload/")) {
      const upload = state.uploads.get(url.pathname.slice("/upload/".length));
      if (!upload) return send(res, 404, "no such upload", "text/plain");
      upload.body = await readBuffer(req);
      notify();
      return send(res, 200, `OK - ${upload.body.byteLength}`, "text/plain");
    }
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
    const counted = inFlight.get(method) ?? { now: 0, peak: 0 };
    inFlight.set(method, counted);
    counted.now += 1;
    counted.peak = Math.max(counted.peak, counted.now);
    notify();
    const hold = held.get(method);
    const answer = await (hold?.where(call) ? hold.until : Promise.resolve())
      .then(() => answerCall(state, call, base))
      .finally(() => {
        counted.now -= 1;
      });
    if ("status" in answer && typeof answer.status === "number") {
      notify();
      res.writeHead(answer.status, { "content-type": "application/json", ...(answer.headers ?? {}) });
      return void res.end(JSON.stringify(answer.body ?? { ok: false, error: "ratelimited" }));
    }
    call.response = answer;
    notify();
    send(res, 200, JSON.stringify(answer), "application/json");
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, String(error), "text/plain"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const callsTo = (method: string, where: (call: SlackApiCall) => boolean = () => true) =>
    calls.filter((c) => c.method === method && where(c));

  return {
    apiUrl: `${base}/api/`,
    url: base,
    calls,
    responses,
    downloads,
    addWorkspace: (w) => void state.workspaces.set(w.botToken, w),
    setProfile(teamId, userId, profile) {
      for (const [token, w] of state.workspaces)
        if (w.teamId === teamId)
          state.workspaces.set(token, { ...w, profiles: { ...w.profiles, [userId]: profile } });
    },
    addFile: (f) => void state.files.set(f.id, f),
    uploads: () => [...state.uploads.values()],
    responseUrl: () => `${base}/response/${++responseCount}`,
    callsTo,
    peakRate(method, keyOf, windowMs, where = () => true) {
      const byKey = new Map<string, number[]>();
      for (const call of callsTo(method, where)) {
        const key = keyOf(call);
        const times = byKey.get(key) ?? [];
        times.push(call.at);
        byKey.set(key, times);
      }
      let best = { peak: 0, key: null as string | null };
      for (const [key, times] of byKey) {
        times.sort((a, b) => a - b);
        let start = 0;
        for (let end = 0; end < times.length; end++) {
          while ((times[end] as number) - (times[start] as number) >= windowMs) start++;
          if (end - start + 1 > best.peak) best = { peak: end - start + 1, key };
        }
      }
      return best;
    },
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
        answer: {
          status: 429,
          headers: { "retry-after": String(seconds) },
          body: { ok: false, error: "ratelimited" },
        },
      }),
    failNext: (method, error) => void state.queued.push({ method, answer: { ok: false, error } }),
    setHandler: (method, handler) => void state.handlers.set(method, handler),
    hold(method, where = () => true) {
      let release!: () => void;
      const until = new Promise<void>((resolve) => {
        release = resolve;
      });
      held.set(method, { until, where });
      return () => {
        held.delete(method);
        release();
      };
    },
    peakConcurrent: (method) => inFlight.get(method)?.peak ?? 0,
    reset() {
      calls.length = 0;
      responses.length = 0;
      downloads.length = 0;
      state.queued.length = 0;
      state.handlers.clear();
      state.uploads.clear();
      inFlight.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function readBuffer(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => resolve(Buffer.concat(parts)));
    req.on("error", reject);
  });
}

/** Promises that resolve once a condition over the recorded calls holds, re-checked on every call. */
function createWaiters() {
  const waiters = new Set<() => void>();
  return {
    notify() {
      for (const wake of waiters) wake();
    },
    waitUntil<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
      const found = check();
      if (found !== undefined) return Promise.resolve(found);
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
    },
  };
}
