import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

const load = (env: Record<string, string>) => loadConfig(env, { rootDir: "/srv/studyhall" });

describe("loadConfig", () => {
  it("runs on embedded defaults with no settings at all", () => {
    const config = load({});
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({
      kind: "pglite",
      dataDir: expect.stringMatching(/\/data$/),
      sharedBuffers: "32MB",
    });
    expect(config.ai).toEqual({ provider: "local" });
    expect(Object.isFrozen(config.database)).toBe(true);
  });

  it("uses OpenAI when a key is set, with a custom base URL", () => {
    const config = load({ OPENAI_API_KEY: "sk-x", OPENAI_BASE_URL: "http://127.0.0.1:11434/v1" });
    expect(config.ai).toMatchObject({
      provider: "openai",
      baseURL: "http://127.0.0.1:11434/v1",
      maxRetries: 3,
    });
  });

  it("stays local when AI_PROVIDER=local even with a key", () => {
    expect(load({ OPENAI_API_KEY: "sk-x", AI_PROVIDER: "local" }).ai.provider).toBe("local");
  });

  it("names the variable when a value is bad", () => {
    expect(() => load({ PORT: "eighty" })).toThrow(ConfigError);
    expect(() => load({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => load({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: must be a postgresql:\/\/ URL/);
    expect(() => load({ AI_PROVIDER: "openai" })).toThrow(/OPENAI_API_KEY: required when AI_PROVIDER=openai/);
    expect(() => load({ OPENAI_EMBEDDING_DIMENSIONS: "1536" })).toThrow(/OPENAI_EMBEDDING_DIMENSIONS/);
  });

  it("treats empty strings as unset, as .env files often leave them", () => {
    const config = load({ DATABASE_URL: "", OPENAI_API_KEY: "" });
    expect(config.database.kind).toBe("pglite");
    expect(config.ai.provider).toBe("local");
  });

  it("reads the LTI settings: a long enough key, whether PUBLIC_URL was set, the session length", () => {
    const defaults = load({});
    expect(defaults.lti).toEqual({ sessionMinutes: 120 });
    expect(defaults.publicUrlSet).toBe(false);
    const set = load({
      LTI_ENCRYPTION_KEY: "k".repeat(32),
      PUBLIC_URL: "https://studyhall.example.edu/",
      LTI_SESSION_MINUTES: "45",
    });
    expect(set.lti).toEqual({ encryptionKey: "k".repeat(32), sessionMinutes: 45 });
    expect(set).toMatchObject({ publicUrl: "https://studyhall.example.edu", publicUrlSet: true });
    expect(() => load({ LTI_ENCRYPTION_KEY: "short" })).toThrow(
      /LTI_ENCRYPTION_KEY: must be at least 32 characters/,
    );
    expect(() => load({ LTI_SESSION_MINUTES: "100000" })).toThrow(/LTI_SESSION_MINUTES/);
  });
});
