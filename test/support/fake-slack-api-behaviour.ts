// The fake Slack Web API's behaviour: what it records, and how it answers each method by default.
import type { IncomingMessage, ServerResponse } from "node:http";

export interface SlackApiCall {
  method: string;
  /** The bearer token (header or `token` argument); "" when none was sent. */
  token: string;
  /** Form or JSON arguments; JSON-encoded values (blocks, view) are decoded. */
  args: Record<string, unknown>;
  /** Milliseconds since the fake started, when the call arrived. */
  at: number;
  /** What the fake answered (e.g. the `ts` of a posted message); undefined for HTTP-level failures. */
  response?: Record<string, unknown>;
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
  /** User groups (usergroups.list with include_users). */
  userGroups?: FakeUserGroup[];
  /** Profiles users.info answers with, by user id, as Slack does with the users:read.email scope. */
  profiles?: Record<string, FakeSlackProfile>;
}

export interface FakeSlackProfile {
  realName: string;
  displayName: string;
  email: string;
  /** The IANA zone Slack's profile holds (users.info `tz`). */
  timeZone?: string;
}

export interface FakeUserGroup {
  id: string;
  name: string;
  handle: string;
  users: string[];
}

/** A file uploaded through files.getUploadURLExternal + its upload URL (+ files.completeUploadExternal). */
export interface FakeUpload {
  fileId: string;
  filename: string;
  /** The raw body POSTed to the upload URL (the file, possibly inside a multipart form). */
  body: Buffer;
  /** Where files.completeUploadExternal shared it; null until completed. */
  channelId: string | null;
  title: string | null;
  initialComment: string | null;
  /** The image's description for screen readers (files.getUploadURLExternal `alt_text`), if sent. */
  altText: string | null;
}

export interface FakeSlackFile {
  id: string;
  name: string;
  mimetype: string;
  data: Uint8Array;
  /** The team whose bot token may download it. */
  teamId: string;
  /** Answer its download with a redirect here, after checking the token (a file host that sends the bot elsewhere). */
  redirectTo?: string;
}

export type Answer =
  | Record<string, unknown>
  | { status: number; headers?: Record<string, string>; body?: unknown };
export type Handler = (call: SlackApiCall) => Answer | Promise<Answer>;

/** A real HTTP server on 127.0.0.1 speaking the Slack Web API well enough for @slack/web-api and Bolt. */
export interface FakeState {
  workspaces: Map<string, FakeWorkspace>;
  files: Map<string, FakeSlackFile>;
  queued: Array<{ method: string; answer: Answer }>;
  handlers: Map<string, Handler>;
  uploads: Map<string, FakeUpload>;
  ts: number;
}

export function freshState(): FakeState {
  return {
    workspaces: new Map(),
    files: new Map(),
    queued: [],
    handlers: new Map(),
    uploads: new Map(),
    ts: 1_700_000_000,
  };
}

export async function answerCall(state: FakeState, call: SlackApiCall, base: string): Promise<Answer> {
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
      return {
        ok: true,
        url: `https://${w.teamId}.slack.test/`,
        team: w.teamId,
        user: "studyhall",
        team_id: w.teamId,
        user_id: w.botUserId,
        bot_id: w.botId,
      };
    case "chat.postMessage": {
      const ts = nextTs();
      // Like Slack: a user id as the channel posts in that person's DM with the app (the answer names
      // the DM channel, the same one conversations.open gives).
      const channel = dmChannelOf(String(args.channel ?? ""));
      return { ok: true, channel, ts, message: { ...args, channel, ts, bot_id: w.botId } };
    }
    case "chat.update":
      return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
    case "chat.postEphemeral":
      return { ok: true, message_ts: nextTs() };
    case "conversations.open": {
      // A DM with one person: Slack's DM channel ids start with "D".
      const users = String(args.users ?? "").split(",");
      return { ok: true, channel: { id: `D${users[0] ?? ""}`, is_im: true } };
    }
    case "usergroups.list": {
      const withUsers = args.include_users === true || args.include_users === "true";
      return {
        ok: true,
        usergroups: (w.userGroups ?? []).map((g) => ({
          id: g.id,
          team_id: w.teamId,
          name: g.name,
          handle: g.handle,
          is_usergroup: true,
          ...(withUsers ? { users: g.users, user_count: g.users.length } : { user_count: g.users.length }),
        })),
      };
    }
    case "files.getUploadURLExternal": {
      const fileId = `F${++state.ts}`;
      state.uploads.set(fileId, {
        fileId,
        filename: String(args.filename ?? ""),
        body: Buffer.alloc(0),
        channelId: null,
        title: null,
        initialComment: null,
        altText: typeof args.alt_text === "string" ? args.alt_text : null,
      });
      return { ok: true, upload_url: `${base}/upload/${fileId}`, file_id: fileId };
    }
    case "files.completeUploadExternal": {
      const files = (Array.isArray(args.files) ? args.files : []) as Array<{ id: string; title?: string }>;
      for (const f of files) {
        const upload = state.uploads.get(f.id);
        if (!upload) return { ok: false, error: "file_not_found" };
        upload.channelId = typeof args.channel_id === "string" ? args.channel_id : null;
        upload.title = f.title ?? null;
        upload.initialComment = typeof args.initial_comment === "string" ? args.initial_comment : null;
      }
      return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title ?? "" })) };
    }
    case "views.open":
    case "views.publish":
    case "views.update":
      return { ok: true, view: { id: `V${state.ts}`, ...(args.view as object) } };
    case "users.info": {
      const user = String(args.user);
      const admin = w.admins?.includes(user) ?? false;
      const profile = w.profiles?.[user];
      return {
        ok: true,
        user: {
          id: user,
          team_id: w.teamId,
          name: user.toLowerCase(),
          is_admin: admin,
          is_owner: false,
          ...(profile
            ? {
                real_name: profile.realName,
                ...(profile.timeZone ? { tz: profile.timeZone } : {}),
                profile: {
                  real_name: profile.realName,
                  display_name: profile.displayName,
                  email: profile.email,
                },
              }
            : {}),
        },
      };
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

/** A user id ("U…", "W…") stands for the person's DM with the app, "D<user id>" in this fake. */
export function dmChannelOf(channel: string): string {
  return /^[UW][A-Z0-9]+$/.test(channel) ? `D${channel}` : channel;
}

export function serveFile(
  state: FakeState,
  id: string,
  req: IncomingMessage,
  res: ServerResponse,
  downloads: Array<{ fileId: string; token: string; status: number }>,
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
  if (file.redirectTo) {
    res.writeHead(302, { location: file.redirectTo });
    return void res.end();
  }
  res.writeHead(200, { "content-type": file.mimetype, "content-length": String(file.data.byteLength) });
  res.end(Buffer.from(file.data));
}

export function parseArgs(raw: string, contentType: string): Record<string, unknown> {
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

export function parseJson(raw: string): Record<string, unknown> {
  const value = tryJson(raw);
  return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", reject);
  });
}

export function send(res: ServerResponse, status: number, body: string, type: string): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { "content-type": type });
  res.end(body);
}
