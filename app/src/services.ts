import path from "node:path";
import {
  type Ai,
  type BudgetRule,
  countStaleChunks,
  createAi,
  createStudyHallDeps,
  type Database,
  failInterruptedIngests,
  type Logger,
  migrateDatabase,
  openDatabase,
  openSecretBox,
  rosterDistrictSecrets,
  type SealedSecretTable,
  type StudyHallDeps,
  sealLegacySecrets,
} from "@studyhall/core";
import { ltiPrivacyEraser, ltiRecordSecrets } from "@studyhall/lti";
import { slackInstallationSecrets } from "@studyhall/slack";
import type { Config } from "./config.ts";

/** Everything the front ends share, built once per process. */
export interface Services extends StudyHallDeps {
  config: Readonly<Config>;
  logger: Logger;
  database: Database;
  ai: Ai;
  /** Every table holding sealed secrets, for `studyhall secrets`. */
  secretTables: readonly SealedSecretTable[];
  close(): Promise<void>;
}

/** Opens and migrates the database, builds the AI provider, and wires the use-case dependencies. */
export async function startServices(config: Readonly<Config>, logger: Logger): Promise<Services> {
  const secrets = await openSecretBox(
    {
      ...config.secrets,
      ...(config.database.kind === "pglite" ? { keyFileDir: config.database.dataDir } : {}),
    },
    logger,
  );
  const secretTables = secretTablesFor(config);
  const database = await openDatabase(
    config.database.kind === "postgres"
      ? { kind: "postgres", url: config.database.url, poolSize: config.database.poolSize }
      : { kind: "pglite", dataDir: config.database.dataDir, sharedBuffers: config.database.sharedBuffers },
  );
  try {
    const migrated = await migrateDatabase(
      database,
      path.join(config.rootDir, "prisma", "migrations"),
      logger,
    );
    logger.info(
      {
        database: describeDatabase(config),
        applied: migrated.applied.length,
        upToDate: migrated.alreadyApplied,
      },
      "database ready",
    );
    await sealLegacySecrets(database.prisma, secretTables, secrets, logger);
    const interrupted = await failInterruptedIngests(database.prisma);
    if (interrupted > 0)
      logger.warn({ materials: interrupted }, "marked interrupted material uploads as failed");
  } catch (error) {
    await database.close();
    throw error;
  }

  const ai = createAi(config.ai);
  for (const stale of await countStaleChunks(database.prisma, ai.embedder.model)) {
    logger.warn(
      { model: stale.model, chunks: stale.chunks, current: ai.embedder.model },
      "some chunks were embedded by another model and cannot be searched until you run `studyhall reindex`",
    );
  }
  const deps = createStudyHallDeps({
    db: database.prisma,
    ai,
    logger,
    retrieval: {
      topK: config.tutor.topK,
      minSimilarity: config.tutor.minSimilarity ?? ai.defaultMinSimilarity,
      minCoverage: config.tutor.minCoverage,
    },
    limits: defaultLimits(config),
    secrets,
    erasers: [ltiPrivacyEraser],
    publicUrl: config.publicUrl,
  });
  return {
    ...deps,
    config,
    logger,
    database,
    ai,
    secretTables,
    close: () => database.close(),
  };
}

/** The front ends' tables that hold secrets; ltijs's legacy records are read with LTI_ENCRYPTION_KEY. */
function secretTablesFor(config: Readonly<Config>): SealedSecretTable[] {
  return [
    slackInstallationSecrets,
    ltiRecordSecrets({ legacyKey: config.lti.encryptionKey }),
    rosterDistrictSecrets,
  ];
}

function defaultLimits(config: Readonly<Config>): BudgetRule[] {
  const { userRequestsPerHour, userTokensPerDay, courseTokensPerDay } = config.limits;
  // 0 means "no limit" for each setting.
  return [
    { scope: "PER_USER", windowSeconds: 3600, maxRequests: userRequestsPerHour || null },
    { scope: "PER_USER", windowSeconds: 86_400, maxTokens: userTokensPerDay || null },
    { scope: "COURSE", windowSeconds: 86_400, maxTokens: courseTokensPerDay || null },
  ];
}

export function describeDatabase(config: Readonly<Config>): string {
  if (config.database.kind === "pglite") return `embedded PGlite in ${config.database.dataDir}`;
  const url = new URL(config.database.url);
  return `Postgres at ${url.hostname}:${url.port || 5432}${url.pathname}`;
}
