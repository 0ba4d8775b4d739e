// What the fake OpenAI answers to embeddings and chat completions, by the behaviour a test set.
import { createHash, randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { countWords, sendJson, textOf, waitUnlessClosed } from "./fake-openai-http.ts";
import { type FakeModerationRule, flagNothing } from "./fake-openai-moderation.ts";
import { refusedParameter } from "./fake-openai-parameters.ts";
import type { ChatCompletionBody, ChatStall, FakeFailure } from "./fake-openai-types.ts";

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

export type Responder = (body: ChatCompletionBody) => string | Promise<string>;

/** How the fake answers now; tests change it through the FakeOpenAi handle. */
export interface Behaviour {
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

/** The behaviour a fresh (or reset) fake has. */
export const defaultBehaviour = (): Behaviour => ({
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

/** Answers `POST /v1/embeddings`: one vector per input, in order unless told otherwise. */
export function answerEmbeddings(
  behaviour: Behaviour,
  body: Record<string, unknown>,
  res: ServerResponse,
): void {
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

/** Answers `POST /v1/chat/completions`, whole or streamed as OpenAI streams, or stalls as told. */
export async function answerChat(
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

function toBase64Float32(vector: number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  for (const [at, value] of vector.entries()) bytes.writeFloatLE(value, at * 4);
  return bytes.toString("base64");
}
