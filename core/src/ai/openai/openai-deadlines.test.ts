import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeOpenAi, startFakeOpenAi } from "../../../../test/support/fake-openai-server.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import type { ChatMessage } from "../chat-model.ts";
import type { OpenAiClientOptions } from "./create-openai-client.ts";
import { createOpenAiChatModel } from "./openai-chat-model.ts";
import { createOpenAiEmbedder } from "./openai-embedder.ts";

// Every call to the provider ends: a server that stalls (before its headers, or in the middle of a
// streamed answer) or asks for an endless Retry-After is cut off by the SDK's timeout, the silence limit
// or the call's deadline. The stalls never end by themselves, so these tests do not depend on timing:
// they assert which limit ended the call and how many attempts the SDK made. Attempts are counted as the
// SDK sends them: on a loaded machine one it gives up on may reach the fake late, or not at all.
let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

/** Requests the SDK sent (its `fetch` calls), one per attempt. */
let attempts = 0;
beforeEach(() => {
  attempts = 0;
});

/** The SDK as createOpenAiClient builds it, with its requests counted. */
function client(options: Partial<OpenAiClientOptions> = {}): OpenAI {
  const settings: OpenAiClientOptions = {
    apiKey: fake.apiKey,
    baseURL: fake.url,
    timeoutMs: 5_000,
    maxRetries: 0,
    ...options,
  };
  return new OpenAI({
    apiKey: settings.apiKey,
    baseURL: settings.baseURL ?? null,
    timeout: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    fetch: (url, init) => {
      attempts += 1;
      return fetch(url, init);
    },
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

const messages: ChatMessage[] = [
  { role: "system", content: "You are a tutor. Cite sources as [n]." },
  { role: "user", content: "What does the mitochondrion do?" },
];

describe("OpenAI chat deadlines", () => {
  it("a server that never starts answering: each attempt times out, then ai_unavailable", async () => {
    fake.setChatStall("before-headers");
    const model = createOpenAiChatModel(client({ timeoutMs: 200, maxRetries: 1 }), "gpt-4o-mini", {
      deadlineMs: 60_000,
      idleMs: 60_000,
    });

    const error = await rejectionOf(model.complete({ messages, maxTokens: 50 }));

    expect(error.code).toBe(ErrorCode.AiUnavailable);
    expect(error.userMessage).toBe("The tutor is unavailable right now. Please try again in a minute.");
    expect(error.cause).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    expect(attempts).toBe(2);
  });

  it("a stream that goes silent after its first words is cut off by the silence limit, not retried", async () => {
    fake.setChatStall("mid-stream");
    fake.setChatResponder(() => "Mitochondria make ATP [1].");
    const deltas: string[] = [];
    const model = createOpenAiChatModel(client({ timeoutMs: 60_000, maxRetries: 2 }), "gpt-4o-mini", {
      deadlineMs: 60_000,
      idleMs: 200,
    });

    const error = await rejectionOf(
      model.complete({ messages, maxTokens: 50, onDelta: (text) => deltas.push(text) }),
    );

    expect(error.code).toBe(ErrorCode.AiUnavailable);
    expect(error.message).toContain("the answer stalled: nothing for 200 ms");
    expect(deltas).toEqual(["Mitochondria "]);
    expect(attempts).toBe(1);
  });

  it("a caller wanting the whole answer is protected by the same silence limit", async () => {
    fake.setChatStall("mid-stream");
    const model = createOpenAiChatModel(client({ timeoutMs: 60_000 }), "gpt-4o-mini", {
      deadlineMs: 60_000,
      idleMs: 200,
    });

    const error = await rejectionOf(model.complete({ messages, maxTokens: 50 }));

    expect(error.message).toContain("the answer stalled");
    expect(fake.chatRequests()[0]?.body.stream).toBe(true);
  });

  it("the deadline bounds the whole call, however long each attempt may take", async () => {
    fake.setChatStall("before-headers");
    const model = createOpenAiChatModel(client({ timeoutMs: 60_000, maxRetries: 2 }), "gpt-4o-mini", {
      deadlineMs: 300,
      idleMs: 60_000,
    });

    const error = await rejectionOf(model.complete({ messages, maxTokens: 50, onDelta: () => {} }));

    expect(error.code).toBe(ErrorCode.AiUnavailable);
    expect(error.message).toContain("no answer within 300 ms");
    expect(attempts).toBe(1);
  });

  it("a Retry-After of an hour does not hold the call past its deadline", async () => {
    fake.failNext({ status: 429, retryAfterSeconds: 3_600 });
    const model = createOpenAiChatModel(client({ maxRetries: 2 }), "gpt-4o-mini", {
      deadlineMs: 300,
      idleMs: 60_000,
    });

    const error = await rejectionOf(model.complete({ messages, maxTokens: 50 }));

    expect(error.code).toBe(ErrorCode.AiUnavailable);
    expect(error.message).toContain("no answer within 300 ms");
    expect(attempts).toBe(1);
  });

  it("a caller's own cancellation ends the call without waiting for any limit", async () => {
    fake.setChatStall("before-headers");
    const model = createOpenAiChatModel(client({ timeoutMs: 60_000 }), "gpt-4o-mini", {
      deadlineMs: 60_000,
      idleMs: 60_000,
    });
    const cancel = new AbortController();

    const pending = rejectionOf(model.complete({ messages, maxTokens: 50, signal: cancel.signal }));
    await fake.waitForRequests(1);
    cancel.abort();
    const error = await pending;

    expect(error.code).toBe(ErrorCode.AiUnavailable);
    expect(error.message).not.toMatch(/no answer within|stalled/);
  });
});

describe("OpenAI embedding deadline", () => {
  it("a Retry-After longer than the deadline ends the embedding call with ai_unavailable", async () => {
    fake.failNext({ status: 503, retryAfterSeconds: 3_600 });
    const embedder = createOpenAiEmbedder(client({ maxRetries: 3 }), {
      model: "text-embedding-3-small",
      deadlineMs: 300,
    });

    const error = await rejectionOf(embedder.embed(["What do mitochondria produce?"]));

    expect(error.code).toBe(ErrorCode.AiUnavailable);
    expect(error.message).toContain("no answer within 300 ms");
    expect(attempts).toBe(1);
  });
});
