import type { Env } from "./config-env-schema.ts";

/** The server's configuration: parsed once at start from the environment, frozen, and passed down. */
export interface Config {
  env: Env["NODE_ENV"];
  port: number;
  host: string;
  log: { level: Env["LOG_LEVEL"]; pretty: boolean };
  database:
    | { kind: "postgres"; url: string; poolSize: number }
    | { kind: "pglite"; dataDir: string; sharedBuffers: string };
  ai:
    | { provider: "local" }
    | {
        provider: "openai";
        apiKey: string;
        baseURL?: string;
        chatModel: string;
        embeddingModel: string;
        embeddingDimensions?: number;
        timeoutMs: number;
        maxRetries: number;
        deadlineMs: number;
        tokenParameter: "auto" | "max_tokens" | "max_completion_tokens";
        /** Questions and answers are checked with this model; past the deadline the local rules decide. */
        moderationModel: string;
        moderationDeadlineMs: number;
      };
  tutor: { topK: number; minSimilarity?: number; minCoverage: number };
  limits: { userRequestsPerHour: number; userTokensPerDay: number; courseTokensPerDay: number };
  /** Days tutor conversations, messages and usage logs are kept (0: for ever); a nightly job deletes older ones. */
  privacy: { retentionDays: number };
  /** Durable jobs this process runs at once (reminders and notifications to many people want more). */
  jobConcurrency: number;
  /** Where people reach this server (OAuth redirects, LTI registration); derived from PORT when unset. */
  publicUrl: string;
  /** Whether PUBLIC_URL was set (an LMS cannot reach a URL derived from PORT). */
  publicUrlSet: boolean;
  /**
   * Express's `trust proxy`: which reverse proxies may name the client in X-Forwarded-For (false: none,
   * the socket's peer is the client; a hop count; or the proxies' addresses and ranges).
   */
  trustProxy: boolean | number | string[];
  slack: {
    signingSecret?: string;
    botToken?: string;
    appToken?: string;
    clientId?: string;
    clientSecret?: string;
    stateSecret?: string;
    apiUrl?: string;
  };
  discord: {
    token?: string;
    applicationId?: string;
    apiUrl?: string;
    messageContent: boolean;
    staffRole?: string;
    shards?: "auto" | number;
  };
  /**
   * The one key stored secrets (Slack installations, LTI tool keys) are sealed under: STUDYHALL_SECRET_KEY,
   * else LTI_ENCRYPTION_KEY, else none (services.ts then uses the embedded database's key file). The
   * previous keys only open what they sealed, until `studyhall secrets rotate`.
   */
  secrets: {
    key?: string;
    source: "STUDYHALL_SECRET_KEY" | "LTI_ENCRYPTION_KEY" | "none";
    previousKeys: string[];
  };
  /**
   * The LTI 1.3 tool: on with an encryption key and PUBLIC_URL; a launch's session lasts `sessionMinutes`;
   * requests per client address on its open routes (0: no limit); login states kept per platform.
   */
  lti: {
    encryptionKey?: string;
    sessionMinutes: number;
    rateLimits: {
      loginsPerMinute: number;
      launchesPerMinute: number;
      registrationsPerHour: number;
      uploadsPerHour: number;
    };
    loginStatesPerPlatform: number;
    /** The longest one call to an LMS may take (tokens, AGS, NRPS, JWKS, dynamic registration). */
    httpTimeoutMs: number;
  };
  /**
   * Clever: Secure Sync rosters and sign-in with Clever, on when CLEVER_CLIENT_ID and CLEVER_CLIENT_SECRET
   * are both set (one without the other is a configuration error). Origins of the Data API and the OAuth
   * server; OIDC id tokens instead of /me; the hour (UTC) of the nightly sync.
   */
  clever?: {
    clientId: string;
    clientSecret: string;
    apiUrl: string;
    oauthUrl: string;
    oidc: boolean;
    syncHourUtc: number;
  };
  /** Clever's Data API (CLEVER_API_URL): district tokens reach it with or without the app's credentials. */
  cleverApiUrl: string;
  /** Repository root: migrations are read from `<root>/prisma/migrations`. */
  rootDir: string;
}
