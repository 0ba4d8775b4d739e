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
  type StudyHallDeps,
} from "@studyhall/core";
import type { Config } from "./config.ts";

/** Everything the front ends share, built once per process. */
export interface Services extends StudyHallDeps {
  config: Readonly<Config>;
  logger: Logger;
  database: Database;
  ai: Ai;
  close(): Promise<void>;
}

/** Opens and migrates the database, builds the AI provider, and wires the use-case dependencies. */
export async function startServices(config: Readonly<Config>, logger: Logger): Promise<Services> {
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
  });
  return {
    ...deps,
    config,
    logger,
    database,
    ai,
    close: () => database.close(),
  };
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
