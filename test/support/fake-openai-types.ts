// The fake OpenAI's shapes: a recorded request, a canned failure, and the handle a test drives.
import type { ChatCompletionCreateParams } from "openai/resources/chat/completions";
import type { FakeModerationRule } from "./fake-openai-moderation.ts";

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
