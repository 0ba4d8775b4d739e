import { z } from "zod";
import { parseTrustProxy } from "./trust-proxy-setting.ts";

// Every environment variable the server reads, with its default and what a bad value says. Only
// config.ts parses process.env with it.

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();
const int = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);
const fraction = (fallback: number) => z.coerce.number().min(0).max(1).default(fallback);

/** The environment variables, as zod parses and defaults them. */
export const envSchema = z.object({
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
  JOB_CONCURRENCY: int(4, 1).pipe(z.number().max(64)),

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

  CLEVER_CLIENT_ID: optionalString,
  CLEVER_CLIENT_SECRET: optionalString,
  CLEVER_API_URL: z.string().trim().url().default("https://api.clever.com"),
  CLEVER_OAUTH_URL: z.string().trim().url().default("https://clever.com"),
  CLEVER_OIDC: z
    .enum(["true", "false", "1", "0", ""])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  CLEVER_SYNC_HOUR_UTC: int(4).pipe(z.number().max(23)),
});

/** The parsed environment, before `loadConfig` (config.ts) shapes it into the Config. */
export type Env = z.infer<typeof envSchema>;
