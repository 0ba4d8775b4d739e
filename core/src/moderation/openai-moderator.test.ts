import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeOpenAi, startFakeOpenAi } from "../../../test/support/fake-openai-server.ts";
import { createOpenAiClient } from "../ai/openai/create-openai-client.ts";
import { createOpenAiModerator, DEFAULT_MODERATION_MODEL } from "./openai-moderator.ts";

// The real `openai` SDK against the fake server's POST /v1/moderations.
let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function moderator(deadlineMs = 5_000) {
  const client = createOpenAiClient({
    apiKey: fake.apiKey,
    baseURL: fake.url,
    timeoutMs: 5_000,
    maxRetries: 0,
  });
  return createOpenAiModerator(client, { deadlineMs });
}

describe("OpenAI moderator", () => {
  it("sends the text to omni-moderation-latest and reads the flagged categories", async () => {
    fake.setModerationRule((text) => (text.includes("hopeless") ? ["self-harm", "self-harm/intent"] : []));
    const verdict = await moderator().check("I feel hopeless about everything", "question");
    expect(verdict).toEqual({
      flagged: true,
      categories: ["self-harm", "self-harm/intent"],
      selfHarm: true,
      source: "openai",
    });
    const [request] = fake.moderationRequests();
    expect(request?.body).toEqual({
      model: DEFAULT_MODERATION_MODEL,
      input: "I feel hopeless about everything",
    });
  });

  it("passes a clean text", async () => {
    await expect(moderator().check("What do mitochondria produce?", "answer")).resolves.toEqual({
      flagged: false,
      categories: [],
      selfHarm: false,
      source: "openai",
    });
  });

  it("never sends platform mention ids to the provider", async () => {
    await moderator().check("is <@U024BE7LH> right about <#C024BE7LR|general>?", "question");
    expect(fake.moderationRequests()[0]?.raw).not.toMatch(/U024BE7LH|C024BE7LR/);
  });

  it("falls back to the local rules when the endpoint fails, and says why", async () => {
    fake.failNext({ status: 500, only: "moderations" });
    const verdict = await moderator().check("I want to kill myself", "question");
    expect(verdict).toMatchObject({
      flagged: true,
      selfHarm: true,
      categories: ["self-harm/intent"],
      source: "local-fallback",
    });
    expect(verdict.fallbackReason).toMatch(/500/);
    expect(fake.chatRequests()).toHaveLength(0);
  });

  it("falls back to the local rules when the endpoint is slower than the deadline", async () => {
    fake.setModerationDelayMs(10_000);
    const verdict = await moderator(50).check("What is osmosis?", "question");
    expect(verdict).toMatchObject({ flagged: false, source: "local-fallback" });
    expect(verdict.fallbackReason).toMatch(/no answer within 50 ms/);
  });
});
