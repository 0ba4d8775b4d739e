import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ChatCompletionCreateParams } from "openai/resources/chat/completions";
import { type FakeModerationRule, flagNothing, moderationResponse } from "./fake-openai-moderation.ts";
import { refusedParameter } from "./fake-openai-parameters.ts";

/** One HTTP request the fake received, whatever it answered. */
export interface RecordedRequest {
  method: string;
  /** Without the query string, e.g. `/v1/embeddings`. */
  path: string;
  /** Lower-cased names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** The parsed JSON body; `{}` when there was none or it was not an object. */
  body: Record<string, unknown>;
  /** The body exactly as it arrived, for checks that must see every byte sent. */
  raw: string;
}

/** A canned failure, answered instead of the next request. */
export interface FakeFailure {
  status: number;
  /** Sent as `retry-after` (seconds). */
  retryAfterSeconds?: number;
  /** Sent as `retry-after-ms`. When neither hint is given, `retry-after-ms: 0` is sent so SDK retries are immediate. */
  retryAfterMs?: number;
  /** Replaces the OpenAI-shaped error body. */
  body?: unknown;
  /** Fail only this endpoint's requests (others pass untouched); any request when unset. */
  only?: "embeddings" | "chat" | "moderations";
}

/** A chat completion request as the SDK sends it (JSON-schema `response_format` included). */
export type ChatCompletionBody = ChatCompletionCreateParams;

/**
 * Where a stalled chat answer stops: before any header, or (streamed answers) after the first piece of
 * text. Either way the connection stays open and silent until the client gives up.
 */
export type ChatStall = "before-headers" | "mid-stream";

/** A real HTTP server on 127.0.0.1 speaking enough of the OpenAI REST protocol for the `openai` SDK. */
export interface FakeOpenAi {
  /** Pass as the SDK's `baseURL`, e.g. `http://127.0.0.1:PORT/v1`. */
  url: string;
  /** The key callers must send as `Authorization: Bearer <key>`; others get 401. */
  apiKey: string;
  /** Every request, in arrival order (failed and unauthorised ones too). */
  requests: RecordedRequest[];
  embeddingRequests(): RecordedRequest[];
  chatRequests(): RecordedRequest[];
  moderationRequests(): RecordedRequest[];
  /** Which categories `POST /v1/moderations` reports for a text; the default flags nothing. */
  setModerationRule(rule: FakeModerationRule): void;
  /** Waits this long before answering moderation requests (the client may give up first). */
  setModerationDelayMs(ms: number): void;
  /** Queues failures answered (in order) before normal behaviour resumes. */
  failNext(...failures: FakeFailure[]): void;
  /** Produces chat answers; the default cites `[1]` and echoes the last user message. */
  setChatResponder(fn: (body: ChatCompletionBody) => string | Promise<string>): void;
  /** Waits this long before answering chat requests (before any header is sent). */
  setChatDelayMs(ms: number): void;
  /** Waits this long between the pieces of a streamed chat answer, so a reader can see them arrive apart. */
  setChatPieceDelayMs(ms: number): void;
  /** Stalls every chat answer from now on (see {@link ChatStall}); `null` answers normally again. */
  setChatStall(stall: ChatStall | null): void;
  /**
   * Parameters this server does not know and refuses with a 400, as an older compatible server does
   * (e.g. `max_completion_tokens`). Reasoning models (o1, o4-mini, gpt-5…) always refuse `max_tokens`
   * and a `temperature` other than 1, with OpenAI's own error bodies.
   */
  setUnknownParameters(names: string[]): void;
  /** Resolves once at least `count` requests have arrived (of any kind, failed ones too). */
  waitForRequests(count: number): Promise<void>;
  /** Produces embeddings; the default is {@link defaultEmbedding}. */
  setEmbedder(fn: (text: string, dimensions: number) => number[]): void;
  /** Answers embedding `data` in reverse order; legal, since clients must sort by `index`. */
  setEmbeddingsOutOfOrder(on: boolean): void;
  /** Forgets requests and queued failures, and restores every default. */
  reset(): void;
  close(): Promise<void>;
}

/** A deterministic, L2-normalised vector of `dimensions` derived from a hash of `text`. */
export function defaultEmbedding(text: string, dimensions: number): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < dimensions; block++) {
    const digest = createHash("sha256").update(`${block}\u0000${text}`).digest();
    for (let at = 0; at < digest.length && values.length < dimensions; at += 4) {
      values.push(digest.readUInt32LE(at) / 0x7fffffff - 1);
    }
  }
  const norm = Math.hypot(...values) || 1;
  return values.map((value) => value / norm);
}

/** The default chat answer for a request: deterministic, and citing source `[1]`. */
export function defaultChatAnswer(body: ChatCompletionBody): string {
  const lastUser = [...body.messages].reverse().find((message) => message.role === "user");
  return `According to the course materials [1]: ${textOf(lastUser?.content).slice(0, 200)}`;
}

type Responder = (body: ChatCompletionBody) => string | Promise<string>;

interface Behaviour {
  failures: FakeFailure[];
  responder: Responder;
  chatDelayMs: number;
  chatPieceDelayMs: number;
  chatStall: ChatStall | null;
  unknownParameters: string[];
  embedder: (text: string, dimensions: number) => number[];
  outOfOrder: boolean;
  moderationRule: FakeModerationRule;
  moderationDelayMs: number;
}

const defaultBehaviour = (): Behaviour => ({
  failures: [],
  responder: defaultChatAnswer,
  chatDelayMs: 0,
  chatPieceDelayMs: 0,
  chatStall: null,
  unknownParameters: [],
  embedder: defaultEmbedding,
  outOfOrder: false,
  moderationRule: flagNothing,
  moderationDelayMs: 0,
});

/** Starts the fake on a free port of 127.0.0.1; `apiKey` defaults to `sk-test`. */
export async function startFakeOpenAi(options: { apiKey?: string } = {}): Promise<FakeOpenAi> {
  const apiKey = options.apiKey ?? "sk-test";
  const requests: RecordedRequest[] = [];
  let behaviour = defaultBehaviour();
  const waiters: Array<{ count: number; resolve: () => void }> = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const recorded = await record(req);
    requests.push(recorded);
    for (const waiter of waiters.filter((w) => requests.length >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    const route = `${recorded.method} ${recorded.path}`;
    if (recorded.headers.authorization !== `Bearer ${apiKey}`) {
      return sendJson(
        res,
        401,
        openAiError("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"),
      );
    }
    const endpoint = recorded.path.endsWith("/embeddings")
      ? "embeddings"
      : recorded.path.endsWith("/moderations")
        ? "moderations"
        : "chat";
    const index = behaviour.failures.findIndex((f) => !f.only || f.only === endpoint);
    const failure = index >= 0 ? behaviour.failures.splice(index, 1)[0] : undefined;
    if (failure) return sendFailure(res, failure);
    if (route === "POST /v1/embeddings") return answerEmbeddings(behaviour, recorded.body, res);
    if (route === "POST /v1/moderations") {
      if (behaviour.moderationDelayMs > 0 && !(await waitUnlessClosed(behaviour.moderationDelayMs, res)))
        return;
      return sendJson(res, 200, moderationResponse(recorded.body, behaviour.moderationRule));
    }
    if (route === "POST /v1/chat/completions") {
      return answerChat(behaviour, recorded.body as unknown as ChatCompletionBody, res);
    }
    sendJson(res, 404, openAiError(`Unknown request URL: ${route}.`, "invalid_request_error", "unknown_url"));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        sendJson(res, 500, openAiError(`fake server error: ${String(error)}`, "server_error", null));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const set = (change: Partial<Behaviour>) => void Object.assign(behaviour, change);

  return {
    url: `http://127.0.0.1:${port}/v1`,
    apiKey,
    requests,
    embeddingRequests: () => requests.filter((request) => request.path === "/v1/embeddings"),
    chatRequests: () => requests.filter((request) => request.path === "/v1/chat/completions"),
    moderationRequests: () => requests.filter((request) => request.path === "/v1/moderations"),
    setModerationRule: (moderationRule) => set({ moderationRule }),
    setModerationDelayMs: (moderationDelayMs) => set({ moderationDelayMs }),
    failNext: (...failures) => set({ failures: [...behaviour.failures, ...failures] }),
    setChatResponder: (responder) => set({ responder }),
    setChatDelayMs: (chatDelayMs) => set({ chatDelayMs }),
    setChatPieceDelayMs: (chatPieceDelayMs) => set({ chatPieceDelayMs }),
    setChatStall: (chatStall) => set({ chatStall }),
    setUnknownParameters: (unknownParameters) => set({ unknownParameters }),
    waitForRequests: (count) =>
      requests.length >= count
        ? Promise.resolve()
        : new Promise<void>((resolve) => void waiters.push({ count, resolve })),
    setEmbedder: (embedder) => set({ embedder }),
    setEmbeddingsOutOfOrder: (outOfOrder) => set({ outOfOrder }),
    reset() {
      requests.length = 0;
      behaviour = defaultBehaviour();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function answerEmbeddings(behaviour: Behaviour, body: Record<string, unknown>, res: ServerResponse): void {
  const inputs = (Array.isArray(body.input) ? body.input : [body.input]).map(textOf);
  const dimensions = typeof body.dimensions === "number" ? body.dimensions : 768;
  const data = inputs.map((text, index) => {
    const vector = behaviour.embedder(text, dimensions);
    const embedding = body.encoding_format === "base64" ? toBase64Float32(vector) : vector;
    return { object: "embedding", index, embedding };
  });
  if (behaviour.outOfOrder) data.reverse();
  const tokens = inputs.reduce((sum, text) => sum + countWords(text), 0);
  const usage = { prompt_tokens: tokens, total_tokens: tokens };
  sendJson(res, 200, { object: "list", data, model: body.model, usage });
}

async function answerChat(
  behaviour: Behaviour,
  body: ChatCompletionBody,
  res: ServerResponse,
): Promise<void> {
  const refusal = refusedParameter(body, behaviour.unknownParameters);
  if (refusal) return sendJson(res, 400, refusal);
  if (behaviour.chatDelayMs > 0 && !(await waitUnlessClosed(behaviour.chatDelayMs, res))) return;
  if (behaviour.chatStall === "before-headers" || (behaviour.chatStall && !body.stream)) return;
  const content = await behaviour.responder(body);
  const promptTokens = body.messages.reduce((sum, message) => sum + countWords(textOf(message.content)), 0);
  const completionTokens = countWords(content);
  const total_tokens = promptTokens + completionTokens;
  const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens };
  const head = { id: `chatcmpl-${randomUUID()}`, created: Math.floor(Date.now() / 1000), model: body.model };
  if (!body.stream) {
    const message = { role: "assistant", content, refusal: null };
    const choices = [{ index: 0, message, finish_reason: "stop", logprobs: null }];
    return sendJson(res, 200, { ...head, object: "chat.completion", choices, usage });
  }
  // As OpenAI does: a role chunk, one chunk per word, a finish chunk, then (if asked) a usage chunk.
  const nullUsage = body.stream_options?.include_usage ? { usage: null } : undefined;
  const write = (chunk: object) =>
    res.write(`data: ${JSON.stringify({ ...head, object: "chat.completion.chunk", ...chunk })}\n\n`);
  const choice = (delta: object, finish_reason: string | null = null) => ({
    choices: [{ index: 0, delta, finish_reason }],
    ...nullUsage,
  });
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  write(choice({ role: "assistant", content: "" }));
  // Split before each word, so the pieces concatenate back to exactly `content`.
  const pieces = content.split(/(?<=\s)(?=\S)/);
  if (behaviour.chatStall === "mid-stream") {
    write(choice({ content: pieces[0] ?? "" }));
    return;
  }
  for (const piece of pieces) {
    if (behaviour.chatPieceDelayMs > 0 && !(await waitUnlessClosed(behaviour.chatPieceDelayMs, res))) return;
    write(choice({ content: piece }));
  }
  write(choice({}, "stop"));
  if (nullUsage) write({ choices: [], usage });
  res.end("data: [DONE]\n\n");
}

async function record(req: IncomingMessage): Promise<RecordedRequest> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const raw = Buffer.concat(parts).toString("utf8");
  let body: unknown = {};
  try {
    body = raw ? JSON.parse(raw) : {};
  } catch {
    // Recorded as `{}`; the routes then answer as for an empty request.
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return {
    method: req.method ?? "GET",
    path: (req.url ?? "/").split("?")[0] ?? "/",
    headers,
    body:
      typeof body === "object" && body !== null && !Array.isArray(body)
        ? (body as Record<string, unknown>)
        : {},
    raw,
  };
}

function sendFailure(res: ServerResponse, failure: FakeFailure): void {
  const headers: Record<string, string> = {};
  if (failure.retryAfterSeconds !== undefined) headers["retry-after"] = String(failure.retryAfterSeconds);
  if (failure.retryAfterMs !== undefined) headers["retry-after-ms"] = String(failure.retryAfterMs);
  if (Object.keys(headers).length === 0) headers["retry-after-ms"] = "0";
  const type =
    failure.status === 429
      ? "rate_limit_exceeded"
      : failure.status >= 500
        ? "server_error"
        : "invalid_request_error";
  sendJson(
    res,
    failure.status,
    failure.body ?? openAiError(`fake failure ${failure.status}`, type, type),
    headers,
  );
}

/** The error body shape OpenAI answers with, which the SDK turns into its `APIError` message. */
function openAiError(message: string, type: string, code: string | null) {
  return { error: { message, type, param: null, code } };
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** Resolves `true` after `ms`, or `false` as soon as the client goes away. */
function waitUnlessClosed(ms: number, res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      res.off("close", onClose);
      resolve(true);
    }, ms);
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    res.once("close", onClose);
  });
}

function toBase64Float32(vector: number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  for (const [at, value] of vector.entries()) bytes.writeFloatLE(value, at * 4);
  return bytes.toString("base64");
}

/** Message content as text: a string, or the text parts of a content array. */
function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content))
    return content
      .map((part: { text?: unknown }) => (typeof part?.text === "string" ? part.text : ""))
      .join(" ");
  return content === undefined || content === null ? "" : JSON.stringify(content);
}

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
