import { chmod, mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { PrismaClient } from "./generated/client.ts";
import type { SqlSession } from "./sql-session.ts";

export type Prisma = PrismaClient;

/**
 * Settings for every session. Iterative index scans keep an HNSW search going until enough rows pass
 * the course filter (otherwise a small course inside a large table could get too few neighbours);
 * ef_search 200 covers the 160-entry shortlist that is re-ranked (nearest-neighbours.ts). JIT compilation is off:
 * the HNSW index's high cost estimates would make Postgres compile short queries, which costs more
 * (about 10 ms) than running them. TimeZone is UTC because Prisma stores DateTime as UTC in zone-less
 * `timestamp(3)` columns: SQL that compares them with now() (quiz deadlines, job due times) must read
 * them as UTC whatever the server's default zone is.
 */
const SESSION_SETTINGS: Record<string, string> = {
  "hnsw.iterative_scan": "relaxed_order",
  "hnsw.ef_search": "200",
  jit: "off",
  TimeZone: "UTC",
};

/** Where the data lives: a Postgres server (production) or embedded PGlite (the default). */
export type DatabaseTarget =
  | { kind: "postgres"; url: string; poolSize?: number }
  | {
      kind: "pglite";
      /** A directory, or "memory" for a throwaway database. */
      dataDir: string;
      /** A tarball from `dumpDataDir()` to start from (tests clone a migrated template this way). */
      loadDataDir?: Blob;
      /**
       * Postgres's buffer cache inside the embedded database, e.g. "32MB". It is resident memory of the
       * app process (PGlite's default of 128MB nearly quadruples idle memory); the OS still caches the
       * data files, so small values cost little.
       */
      sharedBuffers?: string;
    };

export interface Database {
  readonly kind: DatabaseTarget["kind"];
  readonly prisma: Prisma;
  /** Runs `fn` on one dedicated session (migrations, advisory locks). */
  withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /** PGlite only: the data directory as a tarball (used to build per-test databases fast). */
  dump?(): Promise<Blob>;
  close(): Promise<void>;
}

/** Opens the database named by `target`. Does not migrate; see {@link migrateDatabase}. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return target.kind === "postgres" ? openPostgres(target.url, target.poolSize) : openPglite(target);
}

async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const options = Object.entries(SESSION_SETTINGS)
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(" ");
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options });
  // A pool error (e.g. the server restarted) must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    kind: "postgres",
    prisma,
    async withSession(fn) {
      const client = await pool.connect();
      try {
        return await fn({
          query: async (sql, params) => (await client.query(sql, params)).rows,
          exec: async (sql) => {
            await client.query(sql);
          },
        });
      } finally {
        client.release();
      }
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openPglite(target: Extract<DatabaseTarget, { kind: "pglite" }>): Promise<Database> {
  const inMemory = target.dataDir === "memory";
  if (!inMemory) {
    await mkdir(target.dataDir, { recursive: true, mode: 0o700 });
    // PGlite writes its files readable by everyone; the directory is what keeps other local users out
    // of students' data and the secret key file (Postgres itself insists on a 0700 data directory).
    await chmod(target.dataDir, 0o700).catch(() => undefined);
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(inMemory ? "memory://" : target.dataDir, {
      extensions: { vector },
      postgresqlconf: [`shared_buffers=${target.sharedBuffers ?? "32MB"}`],
      ...(target.loadDataDir ? { loadDataDir: target.loadDataDir } : {}),
    });
  } catch (cause) {
    throw new AppError(ErrorCode.Config, `cannot open the embedded database at ${target.dataDir}`, {
      userMessage: `Cannot open the embedded database in ${target.dataDir}. Is another StudyHall process using it? (An embedded data directory is single-process; set DATABASE_URL to share a Postgres server.)`,
      cause,
    });
  }
  for (const [name, value] of Object.entries(SESSION_SETTINGS)) await pglite.exec(`SET ${name} = ${value}`);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    kind: "pglite",
    prisma,
    withSession: (fn) =>
      fn({
        query: async (sql, params) => (await pglite.query(sql, params)).rows as never,
        exec: async (sql) => {
          await pglite.exec(sql);
        },
      }),
    dump: () => pglite.dumpDataDir("none"),
    async close() {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}
