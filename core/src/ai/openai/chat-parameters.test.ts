import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeOpenAi, startFakeOpenAi } from "../../../../test/support/fake-openai-server.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import type { ChatMessage } from "../chat-model.ts";
import {
  chatCompletionParams,
  initialChatParameterRules,
  isReasoningModel,
  REASONING_HEADROOM_TOKENS,
  rulesAfterRefusal,
  type TokenParameter,
} from "./chat-parameters.ts";
import { createOpenAiClient } from "./create-openai-client.ts";
import { createOpenAiChatModel } from "./openai-chat-model.ts";

// Which parameters a chat call sends, decided in one place, and what the model learns from a server
// that refuses one: through the real `openai` SDK against a fake that answers as OpenAI does.
let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const messages: ChatMessage[] = [
  { role: "system", content: "You are a tutor. Cite sources as [n]." },
  { role: "user", content: "What does the mitochondrion do?" },
];

function chatModel(model: string, tokenParameter?: TokenParameter) {
  const client = createOpenAiClient({
    apiKey: fake.apiKey,
    baseURL: fake.url,
    timeoutMs: 5_000,
    maxRetries: 0,
  });
  return createOpenAiChatModel(client, model, {
    deadlineMs: 10_000,
    idleMs: 5_000,
    ...(tokenParameter ? { tokenParameter } : {}),
  });
}

function badRequest(error: { message: string; param: string | null; code: string | null }) {
  return new OpenAI.BadRequestError(
    400,
    { type: "invalid_request_error", ...error },
    undefined,
    new Headers(),
  );
}

describe("which models are reasoning models", () => {
  it.each([
    ["o1", true],
    ["o3-mini", true],
    ["o4-mini-2025-04-16", true],
    ["gpt-5", true],
    ["gpt-5-mini", true],
    ["gpt-5.1", true],
    ["openai/o4-mini", true],
    ["gpt-4o-mini", false],
    ["gpt-4.1", false],
    ["llama3.1", false],
    ["olmo-7b", false],
  ])("%s: %s", (model, reasoning) => {
    expect(isReasoningModel(model)).toBe(reasoning);
  });
});

describe("the parameters of a chat call", () => {
  const request = { messages, maxTokens: 300, temperature: 0.3 };

  it("a chat model gets max_completion_tokens and the caller's temperature, never max_tokens", () => {
    const params = chatCompletionParams(
      "gpt-4o-mini",
      request,
      initialChatParameterRules("gpt-4o-mini", "auto"),
    );
    expect(params).toMatchObject({ model: "gpt-4o-mini", max_completion_tokens: 300, temperature: 0.3 });
    expect(params).not.toHaveProperty("max_tokens");
  });

  it("a reasoning model gets no temperature, and headroom for its reasoning tokens", () => {
    const params = chatCompletionParams("o4-mini", request, initialChatParameterRules("o4-mini", "auto"));
    expect(params).toMatchObject({ max_completion_tokens: 300 + REASONING_HEADROOM_TOKENS });
    expect(params).not.toHaveProperty("temperature");
    expect(params).not.toHaveProperty("max_tokens");
  });

  it("OPENAI_TOKEN_PARAM=max_tokens sends max_tokens", () => {
    const params = chatCompletionParams(
      "llama3.1",
      request,
      initialChatParameterRules("llama3.1", "max_tokens"),
    );
    expect(params).toMatchObject({ max_tokens: 300 });
    expect(params).not.toHaveProperty("max_completion_tokens");
  });

  it("identifies nobody: no user or safety_identifier field", () => {
    const params = chatCompletionParams(
      "gpt-4o-mini",
      request,
      initialChatParameterRules("gpt-4o-mini", "auto"),
    );
    expect(Object.keys(params).sort()).toEqual(["max_completion_tokens", "messages", "model", "temperature"]);
  });
});

describe("a refusal by name", () => {
  const rules = initialChatParameterRules("my-deployment", "auto");

  it("of the token field switches it once", () => {
    const refusal = badRequest({
      message: "Unsupported parameter: 'max_completion_tokens' is not supported with this model.",
      param: "max_completion_tokens",
      code: "unsupported_parameter",
    });
    const next = rulesAfterRefusal(refusal, rules);
    expect(next).toMatchObject({ tokenParameter: "max_tokens", adaptTokenParameter: false });
    expect(rulesAfterRefusal(refusal, next!)).toBeNull();
  });

  it("of a value out of range changes nothing", () => {
    const tooLarge = badRequest({
      message:
        "max_completion_tokens is too large: 100000. This model supports at most 16384 completion tokens.",
      param: "max_completion_tokens",
      code: null,
    });
    expect(rulesAfterRefusal(tooLarge, rules)).toBeNull();
  });

  it("of the token field is not acted on when the setting chose the field", () => {
    const refusal = badRequest({
      message: "Unsupported parameter: 'max_tokens' is not supported with this model.",
      param: "max_tokens",
      code: "unsupported_parameter",
    });
    expect(rulesAfterRefusal(refusal, initialChatParameterRules("x", "max_tokens"))).toBeNull();
  });
});

describe("against a server that refuses parameters", () => {
  it.each(["o4-mini", "gpt-5-mini"])(
    "%s: the first request is accepted (max_completion_tokens, no temperature)",
    async (model) => {
      fake.setChatResponder(() => "ATP [1].");
      const result = await chatModel(model).complete({ messages, maxTokens: 300, temperature: 0.3 });

      expect(result.text).toBe("ATP [1].");
      expect(fake.chatRequests()).toHaveLength(1);
      const body = fake.chatRequests()[0]!.body;
      expect(body.max_completion_tokens).toBe(300 + REASONING_HEADROOM_TOKENS);
      expect(body).not.toHaveProperty("max_tokens");
      expect(body).not.toHaveProperty("temperature");
    },
  );

  it("a reasoning model forced to max_tokens fails with ai_unavailable and OpenAI's reason", async () => {
    const error = await chatModel("o4-mini", "max_tokens")
      .complete({ messages, maxTokens: 300 })
      .catch((reason: unknown) => reason);

    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(ErrorCode.AiUnavailable);
    expect((error as AppError).message).toContain("Use 'max_completion_tokens' instead");
    expect(fake.chatRequests()).toHaveLength(1);
  });

  it("an older server that does not know max_completion_tokens: retried with max_tokens, remembered", async () => {
    fake.setUnknownParameters(["max_completion_tokens"]);
    const model = chatModel("llama3.1");

    expect((await model.complete({ messages, maxTokens: 300 })).text).toContain("[1]");
    expect((await model.complete({ messages, maxTokens: 200 })).text).toContain("[1]");

    const sent = fake.chatRequests().map((r) => [r.body.max_completion_tokens, r.body.max_tokens]);
    expect(sent).toEqual([
      [300, undefined],
      [undefined, 300],
      [undefined, 200],
    ]);
  });

  it("a deployment refusing temperature: retried without it, remembered", async () => {
    fake.setUnknownParameters(["temperature"]);
    const model = chatModel("my-reasoning-deployment");

    await model.complete({ messages, maxTokens: 50 });
    await model.complete({ messages, maxTokens: 50 });

    expect(fake.chatRequests().map((r) => r.body.temperature)).toEqual([0.2, undefined, undefined]);
  });

  it("a model the organisation may not stream: answered whole, the text still reaches onDelta", async () => {
    fake.failNext({
      status: 400,
      only: "chat",
      body: {
        error: {
          message: "Your organization must be verified to stream this model.",
          type: "invalid_request_error",
          param: "stream",
          code: "unsupported_value",
        },
      },
    });
    fake.setChatResponder(() => "ATP [1].");
    const deltas: string[] = [];

    const result = await chatModel("o3").complete({
      messages,
      maxTokens: 50,
      onDelta: (d) => deltas.push(d),
    });

    expect(result.text).toBe("ATP [1].");
    expect(deltas).toEqual(["ATP [1]."]);
    expect(fake.chatRequests().map((r) => r.body.stream)).toEqual([true, undefined]);
  });
});
