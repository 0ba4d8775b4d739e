// The only place that reads process.env. Parsed once at start, frozen, and passed down; a bad value
// stops start with a message naming the variable.
import path from "node:path";
import { type Env, envSchema } from "./config-env-schema.ts";
import type { Config } from "./config-shape.ts";

export type { Env } from "./config-env-schema.ts";
export type { Config } from "./config-shape.ts";

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
  if (Boolean(e.CLEVER_CLIENT_ID) !== Boolean(e.CLEVER_CLIENT_SECRET)) {
    const [missing, given] = e.CLEVER_CLIENT_ID
      ? ["CLEVER_CLIENT_SECRET", "CLEVER_CLIENT_ID"]
      : ["CLEVER_CLIENT_ID", "CLEVER_CLIENT_SECRET"];
    throw new ConfigError(
      `Invalid configuration:\n  ${missing}: required with ${given} (set both for Clever, or neither)`,
    );
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
    jobConcurrency: e.JOB_CONCURRENCY,
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
    cleverApiUrl: e.CLEVER_API_URL.replace(/\/+$/, ""),
    ...(e.CLEVER_CLIENT_ID && e.CLEVER_CLIENT_SECRET
      ? {
          clever: {
            clientId: e.CLEVER_CLIENT_ID,
            clientSecret: e.CLEVER_CLIENT_SECRET,
            apiUrl: e.CLEVER_API_URL.replace(/\/+$/, ""),
            oauthUrl: e.CLEVER_OAUTH_URL.replace(/\/+$/, ""),
            oidc: e.CLEVER_OIDC,
            syncHourUtc: e.CLEVER_SYNC_HOUR_UTC,
          },
        }
      : {}),
    rootDir: options.rootDir,
  };
  return deepFreeze(config);
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
