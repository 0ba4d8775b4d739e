import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import type { Logger } from "../logger.ts";
import type { Database } from "./open-database.ts";
import type { SqlSession } from "./sql-session.ts";

/** The advisory lock key the Prisma CLI takes while migrating, so our runner and `prisma migrate deploy` exclude each other (steps that must follow the migrations once, like sealing legacy secrets, take it too). */
export const PRISMA_MIGRATE_LOCK = 72707369;

// The same table the Prisma CLI writes, so `prisma migrate status|deploy` agree with what we applied.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

/**
 * Applies every migration under `migrationsDir` (Prisma's layout: `<timestamp>_<name>/migration.sql`)
 * that the database has not recorded yet, each in its own transaction, under Prisma's advisory lock so
 * that several app replicas starting at once apply each migration exactly once.
 */
export async function migrateDatabase(
  db: Database,
  migrationsDir: string,
  logger?: Logger,
): Promise<MigrationResult> {
  const migrations = await readMigrations(migrationsDir);
  return db.withSession(async (session) => {
    await session.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK]);
    try {
      return await applyPending(session, migrations, logger);
    } finally {
      await session.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK]);
    }
  });
}

async function applyPending(
  session: SqlSession,
  migrations: MigrationFile[],
  logger?: Logger,
): Promise<MigrationResult> {
  await session.exec(CREATE_MIGRATIONS_TABLE);
  const rows = await session.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
    `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
  );
  const recorded = new Map(rows.map((row) => [row.migration_name, row]));
  const applied: string[] = [];
  for (const migration of migrations) {
    const row = recorded.get(migration.name);
    if (row?.finished_at) {
      if (row.checksum !== migration.checksum) {
        logger?.warn({ migration: migration.name }, "migration file changed after it was applied");
      }
      continue;
    }
    if (row) {
      throw new AppError(ErrorCode.Config, `migration ${migration.name} failed earlier and is unfinished`, {
        userMessage: `Migration ${migration.name} failed earlier. Fix the database, then mark it with \`prisma migrate resolve\`.`,
      });
    }
    await applyOne(session, migration);
    logger?.info({ migration: migration.name }, "applied migration");
    applied.push(migration.name);
  }
  return { applied, alreadyApplied: migrations.length - applied.length };
}

async function applyOne(session: SqlSession, migration: MigrationFile): Promise<void> {
  await session.exec("BEGIN");
  try {
    await session.exec(migration.sql);
    await session.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), 1)`,
      [randomUUID(), migration.checksum, migration.name],
    );
    await session.exec("COMMIT");
  } catch (cause) {
    await session.exec("ROLLBACK");
    throw new AppError(ErrorCode.Config, `migration ${migration.name} failed`, { cause });
  }
}

async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((cause) => {
    throw new AppError(ErrorCode.Config, `cannot read migrations in ${dir}`, { cause });
  });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}
