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

  it("checks questions and answers with omni-moderation-latest within 3 s unless told otherwise", () => {
    expect(load({ OPENAI_API_KEY: "sk-x" }).ai).toMatchObject({
      moderationModel: "omni-moderation-latest",
      moderationDeadlineMs: 3000,
    });
    const tuned = load({ OPENAI_API_KEY: "sk-x", OPENAI_MODERATION_DEADLINE_MS: "800" });
    expect(tuned.ai).toMatchObject({ moderationDeadlineMs: 800 });
    expect(() => load({ OPENAI_API_KEY: "sk-x", OPENAI_MODERATION_DEADLINE_MS: "0" })).toThrow(
      /OPENAI_MODERATION_DEADLINE_MS/,
    );
  });

  it("stays local when AI_PROVIDER=local even with a key", () => {
    expect(load({ OPENAI_API_KEY: "sk-x", AI_PROVIDER: "local" }).ai.provider).toBe("local");
  });

  it("runs 4 durable jobs at once unless JOB_CONCURRENCY says otherwise, from 1 to 64", () => {
    expect(load({}).jobConcurrency).toBe(4);
    expect(load({ JOB_CONCURRENCY: "16" }).jobConcurrency).toBe(16);
    expect(() => load({ JOB_CONCURRENCY: "0" })).toThrow(/JOB_CONCURRENCY/);
    expect(() => load({ JOB_CONCURRENCY: "100" })).toThrow(/JOB_CONCURRENCY/);
  });

  it("keeps tutor conversations and usage logs 365 days unless RETENTION_DAYS says otherwise (0: for ever)", () => {
    expect(load({}).privacy).toEqual({ retentionDays: 365 });
    expect(load({ RETENTION_DAYS: "0" }).privacy.retentionDays).toBe(0);
    expect(load({ RETENTION_DAYS: "30" }).privacy.retentionDays).toBe(30);
    expect(() => load({ RETENTION_DAYS: "-1" })).toThrow(/RETENTION_DAYS/);
    expect(() => load({ RETENTION_DAYS: "a year" })).toThrow(/RETENTION_DAYS/);
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
    expect(defaults.lti).toMatchObject({ sessionMinutes: 120 });
    expect(defaults.lti.encryptionKey).toBeUndefined();
    expect(defaults.publicUrlSet).toBe(false);
    const set = load({
      LTI_ENCRYPTION_KEY: "k".repeat(32),
      PUBLIC_URL: "https://studyhall.example.edu/",
      LTI_SESSION_MINUTES: "45",
    });
    expect(set.lti).toMatchObject({ encryptionKey: "k".repeat(32), sessionMinutes: 45 });
    expect(set).toMatchObject({ publicUrl: "https://studyhall.example.edu", publicUrlSet: true });
    expect(() => load({ LTI_ENCRYPTION_KEY: "short" })).toThrow(
      /LTI_ENCRYPTION_KEY: must be at least 32 characters/,
    );
    expect(() => load({ LTI_SESSION_MINUTES: "100000" })).toThrow(/LTI_SESSION_MINUTES/);
  });

  it("reads the LTI limits per client address, 0 turning one off, and the login states kept", () => {
    const defaults = load({});
    expect(defaults.lti.rateLimits).toEqual({
      loginsPerMinute: 300,
      launchesPerMinute: 300,
      registrationsPerHour: 10,
      uploadsPerHour: 120,
    });
    expect(defaults.lti.loginStatesPerPlatform).toBe(10_000);
    const set = load({
      LTI_LIMIT_LOGINS_PER_MINUTE: "0",
      LTI_LIMIT_UPLOADS_PER_HOUR: "5",
      LTI_LOGIN_STATES_PER_PLATFORM: "500",
    });
    expect(set.lti.rateLimits).toMatchObject({ loginsPerMinute: 0, uploadsPerHour: 5 });
    expect(set.lti.loginStatesPerPlatform).toBe(500);
    expect(() => load({ LTI_LOGIN_STATES_PER_PLATFORM: "0" })).toThrow(/LTI_LOGIN_STATES_PER_PLATFORM/);
    expect(() => load({ LTI_LIMIT_LAUNCHES_PER_MINUTE: "-1" })).toThrow(/LTI_LIMIT_LAUNCHES_PER_MINUTE/);
  });

  it("bounds every call to an LMS by LTI_HTTP_TIMEOUT_MS (15 s unless set, 1 s to 5 minutes)", () => {
    expect(load({}).lti.httpTimeoutMs).toBe(15_000);
    expect(load({ LTI_HTTP_TIMEOUT_MS: "5000" }).lti.httpTimeoutMs).toBe(5000);
    expect(() => load({ LTI_HTTP_TIMEOUT_MS: "10" })).toThrow(/LTI_HTTP_TIMEOUT_MS/);
    expect(() => load({ LTI_HTTP_TIMEOUT_MS: "600000" })).toThrow(/LTI_HTTP_TIMEOUT_MS/);
  });

  it("turns Clever on with both its client id and secret, with Clever's own URLs and 04:00 UTC by default", () => {
    expect(load({}).clever).toBeUndefined();
    expect(load({ CLEVER_API_URL: "http://127.0.0.1:4000/" }).cleverApiUrl).toBe("http://127.0.0.1:4000");
    expect(load({ CLEVER_CLIENT_ID: "id", CLEVER_CLIENT_SECRET: "secret" }).clever).toEqual({
      clientId: "id",
      clientSecret: "secret",
      apiUrl: "https://api.clever.com",
      oauthUrl: "https://clever.com",
      oidc: false,
      syncHourUtc: 4,
    });
    const custom = load({
      CLEVER_CLIENT_ID: "id",
      CLEVER_CLIENT_SECRET: "secret",
      CLEVER_API_URL: "http://127.0.0.1:4000/",
      CLEVER_OAUTH_URL: "http://127.0.0.1:4001",
      CLEVER_OIDC: "true",
      CLEVER_SYNC_HOUR_UTC: "23",
    }).clever;
    expect(custom).toMatchObject({
      apiUrl: "http://127.0.0.1:4000",
      oauthUrl: "http://127.0.0.1:4001",
      oidc: true,
      syncHourUtc: 23,
    });
  });

  it("refuses half a Clever registration and an hour that is not one", () => {
    expect(() => load({ CLEVER_CLIENT_ID: "id" })).toThrow(
      /CLEVER_CLIENT_SECRET: required with CLEVER_CLIENT_ID/,
    );
    expect(() => load({ CLEVER_CLIENT_SECRET: "s" })).toThrow(
      /CLEVER_CLIENT_ID: required with CLEVER_CLIENT_SECRET/,
    );
    expect(() => load({ CLEVER_SYNC_HOUR_UTC: "24" })).toThrow(/CLEVER_SYNC_HOUR_UTC/);
    expect(() => load({ CLEVER_API_URL: "not a url" })).toThrow(/CLEVER_API_URL/);
  });

  it("trusts no proxy unless TRUST_PROXY says which, as express takes it", () => {
    expect(load({}).trustProxy).toBe(false);
    expect(load({ TRUST_PROXY: "false" }).trustProxy).toBe(false);
    expect(load({ TRUST_PROXY: "true" }).trustProxy).toBe(true);
    expect(load({ TRUST_PROXY: "1" }).trustProxy).toBe(1);
    expect(
      load({ TRUST_PROXY: "loopback, 10.0.0.0/8, fd00::/8, 192.168.1.1/255.255.255.0" }).trustProxy,
    ).toEqual(["loopback", "10.0.0.0/8", "fd00::/8", "192.168.1.1/255.255.255.0"]);
    expect(load({ TRUST_PROXY: "0" }).trustProxy).toBe(0);
    // A word, a host name (express matches addresses only), a negative or fractional count, a range
    // too wide for its family or of the other family, a dangling slash, an empty list.
    const bads = [
      "yes",
      "proxy.example.com",
      "-1",
      "1.5",
      "10.0.0.0/33",
      "::1/129",
      "10.0.0.1/ffff::",
      "10.0.0.1/",
      ",",
    ];
    for (const bad of bads) {
      expect(() => load({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY: must be true, false, a hop count/);
    }
    // One bad entry spoils the list, and the message names it.
    expect(() => load({ TRUST_PROXY: "loopback, proxy.example.com" })).toThrow(/not proxy\.example\.com/);
  });
});
