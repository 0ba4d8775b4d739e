// The only place that reads process.env. Parsed once at start, frozen, and passed down; a bad value
// stops start with a message naming the variable.
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();
const int = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);
const fraction = (fallback: number) => z.coerce.number().min(0).max(1).default(fallback);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: int(3000).pipe(z.number().max(65_535)),
  HOST: z.string().default("0.0.0.0"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_FORMAT: z.enum(["pretty", "json"]).optional(),

  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL (leave it unset for the embedded database)")
      .optional(),
  ),
  DATA_DIR: z.string().default("./data"),
  EMBEDDED_SHARED_BUFFERS: z
    .string()
    .regex(/^\d+(kB|MB|GB)$/, 'must be a size like "32MB"')
    .default("32MB"),
  DATABASE_POOL_SIZE: int(10, 1),
  STUDYHALL_SECRET_KEY: optionalString.pipe(
    z.string().min(32, "must be at least 32 characters (e.g. `openssl rand -hex 32`)").optional(),
  ),
  STUDYHALL_SECRET_KEY_PREVIOUS: optionalString
    .transform((v) => (v ? v.split(",").map((k) => k.trim()) : []))
    .pipe(z.array(z.string().min(32, "each key must be at least 32 characters"))),

  AI_PROVIDER: z.enum(["auto", "local", "openai"]).default("auto"),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.string().url().optional()),
  OPENAI_CHAT_MODEL: z.string().default("gpt-4o-mini"),
  OPENAI_EMBEDDING_MODEL: z.string().default("text-embedding-3-small"),
  OPENAI_EMBEDDING_DIMENSIONS: z.coerce.number().int().min(1).max(768).optional(),
  OPENAI_TIMEOUT_MS: int(60_000, 1),
  OPENAI_MAX_RETRIES: int(3),
  OPENAI_DEADLINE_MS: int(120_000, 1),
  OPENAI_TOKEN_PARAM: z.enum(["auto", "max_tokens", "max_completion_tokens"]).default("auto"),
  OPENAI_MODERATION_MODEL: z.string().default("omni-moderation-latest"),
  OPENAI_MODERATION_DEADLINE_MS: int(3_000, 1),

  TUTOR_TOP_K: int(8, 1).pipe(z.number().max(20)),
  TUTOR_MIN_SIMILARITY: z.coerce.number().min(-1).max(1).optional(),
  TUTOR_MIN_COVERAGE: fraction(0.5),
  LIMIT_USER_REQUESTS_PER_HOUR: int(30),
  LIMIT_USER_TOKENS_PER_DAY: int(50_000),
  LIMIT_COURSE_TOKENS_PER_DAY: int(1_000_000),
  RETENTION_DAYS: int(365).pipe(z.number().max(36_500)),

  PUBLIC_URL: optionalString.pipe(z.string().url().optional()),
  TRUST_PROXY: optionalString.transform(parseTrustProxy),

  SLACK_SIGNING_SECRET: optionalString,
  SLACK_BOT_TOKEN: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_CLIENT_ID: optionalString,
  SLACK_CLIENT_SECRET: optionalString,
  SLACK_STATE_SECRET: optionalString,
  SLACK_API_URL: optionalString.pipe(z.string().url().optional()),
  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: optionalString,
  DISCORD_API_URL: optionalString.pipe(z.string().url().optional()),
  DISCORD_MESSAGE_CONTENT: z
    .enum(["true", "false", "1", "0", ""])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  DISCORD_STAFF_ROLE: optionalString,
  DISCORD_SHARDS: optionalString.pipe(
    z
      .string()
      .regex(/^(auto|[1-9]\d*)$/, 'must be "auto" or a shard count')
      .transform((v) => (v === "auto" ? "auto" : Number(v)))
      .optional(),
  ),
  LTI_ENCRYPTION_KEY: optionalString.pipe(
    z.string().min(32, "must be at least 32 characters (e.g. `openssl rand -hex 32`)").optional(),
  ),
  LTI_SESSION_MINUTES: int(120, 5).pipe(z.number().max(1440)),
  LTI_LIMIT_LOGINS_PER_MINUTE: int(300),
  LTI_LIMIT_LAUNCHES_PER_MINUTE: int(300),
  LTI_LIMIT_REGISTRATIONS_PER_HOUR: int(10),
  LTI_LIMIT_UPLOADS_PER_HOUR: int(120),
  LTI_LOGIN_STATES_PER_PLATFORM: int(10_000, 1),
  LTI_HTTP_TIMEOUT_MS: int(15_000, 1000).pipe(z.number().max(300_000)),
});

export type Env = z.infer<typeof envSchema>;

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
  /** Repository root: migrations are read from `<root>/prisma/migrations`. */
  rootDir: string;
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Parses `env` (normally process.env) into the frozen {@link Config}, or throws a {@link ConfigError}. */
export function loadConfig(
  env: NodeJS.ProcessEnv,
  options: { isTty?: boolean; rootDir: string },
): Readonly<Config> {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(environment)"}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = result.data;
  if (e.AI_PROVIDER === "openai" && !e.OPENAI_API_KEY) {
    throw new ConfigError("Invalid configuration:\n  OPENAI_API_KEY: required when AI_PROVIDER=openai");
  }
  const useOpenAi =
    e.AI_PROVIDER === "openai" || (e.AI_PROVIDER === "auto" && e.OPENAI_API_KEY !== undefined);
  const config: Config = {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    log: {
      level: e.LOG_LEVEL,
      pretty: e.LOG_FORMAT
        ? e.LOG_FORMAT === "pretty"
        : e.NODE_ENV !== "production" && Boolean(options.isTty),
    },
    database: e.DATABASE_URL
      ? { kind: "postgres", url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: "pglite", dataDir: path.resolve(e.DATA_DIR), sharedBuffers: e.EMBEDDED_SHARED_BUFFERS },
    ai: useOpenAi
      ? {
          provider: "openai",
          apiKey: e.OPENAI_API_KEY!,
          ...(e.OPENAI_BASE_URL ? { baseURL: e.OPENAI_BASE_URL } : {}),
          chatModel: e.OPENAI_CHAT_MODEL,
          embeddingModel: e.OPENAI_EMBEDDING_MODEL,
          ...(e.OPENAI_EMBEDDING_DIMENSIONS ? { embeddingDimensions: e.OPENAI_EMBEDDING_DIMENSIONS } : {}),
          timeoutMs: e.OPENAI_TIMEOUT_MS,
          maxRetries: e.OPENAI_MAX_RETRIES,
          deadlineMs: e.OPENAI_DEADLINE_MS,
          tokenParameter: e.OPENAI_TOKEN_PARAM,
          moderationModel: e.OPENAI_MODERATION_MODEL,
          moderationDeadlineMs: e.OPENAI_MODERATION_DEADLINE_MS,
        }
      : { provider: "local" },
    tutor: {
      topK: e.TUTOR_TOP_K,
      minCoverage: e.TUTOR_MIN_COVERAGE,
      ...(e.TUTOR_MIN_SIMILARITY !== undefined ? { minSimilarity: e.TUTOR_MIN_SIMILARITY } : {}),
    },
    limits: {
      userRequestsPerHour: e.LIMIT_USER_REQUESTS_PER_HOUR,
      userTokensPerDay: e.LIMIT_USER_TOKENS_PER_DAY,
      courseTokensPerDay: e.LIMIT_COURSE_TOKENS_PER_DAY,
    },
    privacy: { retentionDays: e.RETENTION_DAYS },
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    publicUrlSet: e.PUBLIC_URL !== undefined,
    trustProxy: e.TRUST_PROXY,
    slack: compact({
      signingSecret: e.SLACK_SIGNING_SECRET,
      botToken: e.SLACK_BOT_TOKEN,
      appToken: e.SLACK_APP_TOKEN,
      clientId: e.SLACK_CLIENT_ID,
      clientSecret: e.SLACK_CLIENT_SECRET,
      stateSecret: e.SLACK_STATE_SECRET,
      apiUrl: e.SLACK_API_URL,
    }),
    discord: {
      ...compact({
        token: e.DISCORD_TOKEN,
        applicationId: e.DISCORD_APPLICATION_ID,
        apiUrl: e.DISCORD_API_URL,
        staffRole: e.DISCORD_STAFF_ROLE,
      }),
      messageContent: e.DISCORD_MESSAGE_CONTENT,
      ...(e.DISCORD_SHARDS !== undefined ? { shards: e.DISCORD_SHARDS } : {}),
    },
    lti: {
      ...compact({ encryptionKey: e.LTI_ENCRYPTION_KEY }),
      sessionMinutes: e.LTI_SESSION_MINUTES,
      rateLimits: {
        loginsPerMinute: e.LTI_LIMIT_LOGINS_PER_MINUTE,
        launchesPerMinute: e.LTI_LIMIT_LAUNCHES_PER_MINUTE,
        registrationsPerHour: e.LTI_LIMIT_REGISTRATIONS_PER_HOUR,
        uploadsPerHour: e.LTI_LIMIT_UPLOADS_PER_HOUR,
      },
      loginStatesPerPlatform: e.LTI_LOGIN_STATES_PER_PLATFORM,
      httpTimeoutMs: e.LTI_HTTP_TIMEOUT_MS,
    },
    secrets: secretKeys(e),
    rootDir: options.rootDir,
  };
  return deepFreeze(config);
}

/**
 * TRUST_PROXY as express takes it: unset or "false" trusts no proxy; "true" trusts every hop (only
 * safe when the proxy in front replaces X-Forwarded-For); a number trusts that many hops; otherwise a
 * comma-separated list of proxy addresses, CIDR ranges, or express's names loopback, linklocal and
 * uniquelocal.
 */
function parseTrustProxy(value: string | undefined, ctx: z.RefinementCtx): boolean | number | string[] {
  if (value === undefined || value === "false") return false;
  if (value === "true") return true;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  const bad = entries.filter((entry) => !isProxyAddress(entry));
  if (bad.length > 0 || entries.length === 0) {
    ctx.addIssue({
      code: "custom",
      message: `must be true, false, a hop count, or proxy addresses/ranges (not ${bad.join(", ") || value})`,
    });
    return z.NEVER;
  }
  return entries;
}

function isProxyAddress(entry: string): boolean {
  if (entry === "loopback" || entry === "linklocal" || entry === "uniquelocal") return true;
  const [address = "", range, ...rest] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (range === undefined) return true;
  if (/^\d+$/.test(range)) return Number(range) <= (family === 4 ? 32 : 128);
  return isIP(range) === family;
}

function secretKeys(e: Env): Config["secrets"] {
  const key = e.STUDYHALL_SECRET_KEY ?? e.LTI_ENCRYPTION_KEY;
  const source = e.STUDYHALL_SECRET_KEY
    ? "STUDYHALL_SECRET_KEY"
    : e.LTI_ENCRYPTION_KEY
      ? "LTI_ENCRYPTION_KEY"
      : "none";
  // LTI_ENCRYPTION_KEY was the key until STUDYHALL_SECRET_KEY was set: what it sealed stays readable.
  const previous = [
    ...e.STUDYHALL_SECRET_KEY_PREVIOUS,
    ...(e.LTI_ENCRYPTION_KEY ? [e.LTI_ENCRYPTION_KEY] : []),
  ];
  return {
    ...(key ? { key } : {}),
    source,
    previousKeys: [...new Set(previous)].filter((k) => k !== key),
  };
}

function compact<T extends Record<string, string | undefined>>(record: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: string;
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
