import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  type ChatCompletionBody,
  defaultChatAnswer,
  defaultEmbedding,
  type FakeOpenAi,
  startFakeOpenAi,
} from "../../../../test/support/fake-openai-server.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import type { ChatMessage } from "../chat-model.ts";
import { EMBEDDING_DIMENSIONS } from "../embedder.ts";
import { createOpenAiClient, type OpenAiClientOptions } from "./create-openai-client.ts";
import { createOpenAiChatModel } from "./openai-chat-model.ts";
import { createOpenAiEmbedder } from "./openai-embedder.ts";

// The real `openai` SDK against a real HTTP server speaking its wire protocol.
let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function client(options: Partial<OpenAiClientOptions> = {}): OpenAI {
  return createOpenAiClient({
    apiKey: "sk-test",
    baseURL: fake.url,
    timeoutMs: 5_000,
    maxRetries: 0,
    ...options,
  });
}

async function rejectionOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

function cosine(a: number[], b: number[]): number {
  const dot = a.reduce((sum, value, at) => sum + value * (b[at] ?? 0), 0);
  return dot / (Math.hypot(...a) * Math.hypot(...b));
}

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
const messages: ChatMessage[] = [
  { role: "system", content: "You are a tutor. Cite sources as [n]." },
  { role: "user", content: "What does the mitochondrion do?" },
];
const answer = "The mitochondrion makes most of the cell's ATP [1].";
const bounds = { deadlineMs: 60_000, idleMs: 30_000 };

/** Lets pending I/O callbacks run until `done()` holds (setImmediate, which fake timers leave alone). */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setImmediate(resolve));
}

describe("OpenAI embedder", () => {
  it("embeds a batch in input order at 768 dimensions, asking text-embedding-3 for 768", async () => {
    fake.setEmbeddingsOutOfOrder(true);
    const embedder = createOpenAiEmbedder(client(), { model: "text-embedding-3-small", deadlineMs: 10_000 });
    const texts = ["alpha", "beta", "gamma"];

    const vectors = await embedder.embed(texts);

    expect(embedder.model).toBe("openai:text-embedding-3-small@768");
    expect(vectors).toEqual(texts.map((text) => defaultEmbedding(text, EMBEDDING_DIMENSIONS)));
    expect(fake.embeddingRequests()).toHaveLength(1);
    expect(fake.embeddingRequests()[0]?.body).toEqual({
      model: "text-embedding-3-small",
      input: texts,
      encoding_format: "float",
      dimensions: 768,
    });
  });

  it("sends no request for no texts", async () => {
    const embedder = createOpenAiEmbedder(client(), { model: "text-embedding-3-small", deadlineMs: 10_000 });
    expect(await embedder.embed([])).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });

  it("zero-pads a 384-dimension model to 768 without changing cosine similarity", async () => {
    fake.setEmbedder((text) => defaultEmbedding(text, 384));
    const embedder = createOpenAiEmbedder(client(), { model: "all-minilm", deadlineMs: 10_000 });

    const [a = [], b = []] = await embedder.embed(["photosynthesis", "chlorophyll"]);

    expect(embedder.model).toBe("openai:all-minilm");
    expect(fake.embeddingRequests()[0]?.body).not.toHaveProperty("dimensions");
    expect(a).toHaveLength(768);
    expect(a.slice(0, 384)).toEqual(defaultEmbedding("photosynthesis", 384));
    expect(a.slice(384).every((value) => value === 0)).toBe(true);
    const raw = cosine(defaultEmbedding("photosynthesis", 384), defaultEmbedding("chlorophyll", 384));
    expect(cosine(a, b)).toBeCloseTo(raw, 12);
  });

  it("refuses a 1024-dimension model as a configuration error naming 768", async () => {
    fake.setEmbedder((text) => defaultEmbedding(text, 1024));
    const embedder = createOpenAiEmbedder(client(), { model: "mxbai-embed-large", deadlineMs: 10_000 });

    const error = await rejectionOf(embedder.embed(["x"]));

    expect(error.code).toBe(ErrorCode.Config);
    expect(error.message).toMatch(/1024 dimensions.*768/);
  });

  it("retries 500 twice and then succeeds with maxRetries 2", async () => {
    fake.failNext({ status: 500 }, { status: 500 });
    const embedder = createOpenAiEmbedder(client({ maxRetries: 2 }), {
      model: "text-embedding-3-small",
      deadlineMs: 10_000,
    });

    expect(await embedder.embed(["x"])).toHaveLength(1);
    expect(fake.embeddingRequests().map((request) => request.headers["x-stainless-retry-count"])).toEqual([
      "0",
      "1",
      "2",
    ]);
  });

  it("the fake answers base64 when asked, as the SDK does by default", async () => {
    const response = await client().embeddings.create({
      model: "text-embedding-3-small",
      input: "x",
      dimensions: 8,
    });

    expect(fake.embeddingRequests()[0]?.body.encoding_format).toBe("base64");
    const expected = defaultEmbedding("x", 8);
    response.data[0]?.embedding.forEach((value, at) => {
      expect(value).toBeCloseTo(expected[at] ?? Number.NaN, 6);
    });
    expect(response.data[0]?.embedding).toHaveLength(8);
  });
});

describe("OpenAI chat model", () => {
  it("returns the whole answer with token usage, streamed from the server", async () => {
    fake.setChatResponder(() => answer);
    const model = createOpenAiChatModel(client(), "gpt-4o-mini", bounds);

    const result = await model.complete({ messages, maxTokens: 300 });

    expect(model.model).toBe("openai:gpt-4o-mini");
    expect(result).toEqual({
      text: answer,
      tokensIn: words(messages.map((message) => message.content).join(" ")),
      tokensOut: words(answer),
    });
    expect(fake.chatRequests()[0]?.body).toMatchObject({
      model: "gpt-4o-mini",
      max_completion_tokens: 300,
      temperature: 0.2,
      stream: true,
    });
    expect(fake.chatRequests()[0]?.body).not.toHaveProperty("max_tokens");
  });

  it("streams deltas whose concatenation is the final text, with usage from the last chunk", async () => {
    const deltas: string[] = [];
    const model = createOpenAiChatModel(client(), "gpt-4o-mini", bounds);

    const result = await model.complete({ messages, maxTokens: 300, onDelta: (text) => deltas.push(text) });

    const expected = defaultChatAnswer({ model: "gpt-4o-mini", messages });
    expect(expected).toContain("[1]");
    expect(result.text).toBe(expected);
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join("")).toBe(result.text);
    expect(result.tokensOut).toBe(words(expected));
    expect(result.tokensIn).toBe(words(messages.map((message) => message.content).join(" ")));
    expect(fake.chatRequests()[0]?.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it("passes a JSON-schema response_format to the responder", async () => {
    fake.setChatResponder((body: ChatCompletionBody) =>
      JSON.stringify({ format: body.response_format?.type, correct: true }),
    );
    const completion = await client().chat.completions.create({
      model: "gpt-4o-mini",
      messages,
      response_format: {
        type: "json_schema",
        json_schema: { name: "grade", strict: true, schema: { type: "object", properties: {} } },
      },
    });

    expect(JSON.parse(completion.choices[0]?.message.content ?? "null")).toEqual({
      format: "json_schema",
      correct: true,
    });
  });

  it("waits exactly the Retry-After a 429 asks for before the second request", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const timers = vi.spyOn(globalThis, "setTimeout");
      fake.failNext({ status: 429, retryAfterSeconds: 7 });
      const model = createOpenAiChatModel(client({ maxRetries: 2 }), "gpt-4o-mini", bounds);

      const pending = model.complete({ messages, maxTokens: 50 });
      // The SDK's own first backoff would be 375-500 ms; it schedules the server's 7 s instead.
      await until(() => timers.mock.calls.some(([, ms]) => ms === 7_000));
      await vi.advanceTimersByTimeAsync(6_999);
      expect(fake.chatRequests()).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      const result = await pending;

      expect(result.text).toContain("[1]");
      expect(fake.chatRequests()).toHaveLength(2);
      expect(fake.chatRequests()[1]?.headers["x-stainless-retry-count"]).toBe("1");
    } finally {
      vi.useRealTimers();
    }
  });

  it("gives up on persistent 500s after maxRetries with ai_unavailable", async () => {
    fake.failNext({ status: 500 }, { status: 500 }, { status: 500 });
    const model = createOpenAiChatModel(client({ maxRetries: 1 }), "gpt-4o-mini", bounds);

    const error = await rejectionOf(model.complete({ messages, maxTokens: 50 }));

    expect(error.code).toBe(ErrorCode.AiUnavailable);
    expect(error.message).toContain("500");
    expect(fake.chatRequests()).toHaveLength(2);
  });

  it("maps a wrong API key to ai_unavailable without retrying", async () => {
    const model = createOpenAiChatModel(client({ apiKey: "sk-wrong", maxRetries: 2 }), "gpt-4o-mini", bounds);

    const error = await rejectionOf(model.complete({ messages, maxTokens: 50, onDelta: () => {} }));

    expect(error.code).toBe(ErrorCode.AiUnavailable);
    expect(error.cause).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(fake.chatRequests()).toHaveLength(1);
    expect(fake.chatRequests()[0]?.headers.authorization).toBe("Bearer sk-wrong");
  });
});

describe("fake OpenAI server", () => {
  it("answers unknown paths with an OpenAI-shaped 404", async () => {
    const response = await fetch(`${fake.url}/models`, { headers: { authorization: "Bearer sk-test" } });

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      error: { code: "unknown_url", type: "invalid_request_error" },
    });
  });
});
