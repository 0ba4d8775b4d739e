import path from "node:path";
import pg from "pg";
import { migrateDatabase } from "../core/src/db/migrate-database.ts";
import { type Database, openDatabase } from "../core/src/db/open-database.ts";

const migrationsDir = path.resolve(import.meta.dirname, "..", "prisma", "migrations");

export interface BenchTarget {
  label: "PGlite" | "Postgres";
  /** A fresh, migrated, empty database. */
  open(name: string): Promise<Database>;
}

export function pgliteTarget(): BenchTarget {
  return {
    label: "PGlite",
    async open() {
      const db = await openDatabase({ kind: "pglite", dataDir: "memory" });
      await migrateDatabase(db, migrationsDir);
      return db;
    },
  };
}

export function postgresTarget(adminUrl: string): BenchTarget {
  return {
    label: "Postgres",
    async open(name) {
      const database = `studyhall_bench_${name}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${database}`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${database}`;
      const db = await openDatabase({ kind: "postgres", url: url.toString(), poolSize: 4 });
      await migrateDatabase(db, migrationsDir);
      return db;
    },
  };
}

/**
 * The databases a run names (`pglite,postgres`); Postgres only with BENCH_DATABASE_URL (an admin URL on
 * a server with pgvector), said in the log when it is skipped.
 */
export function benchTargets(names: string, log: (line: string) => void): BenchTarget[] {
  const targets: BenchTarget[] = [];
  for (const name of names.split(",")) {
    if (name === "pglite") targets.push(pgliteTarget());
    else if (name === "postgres") {
      const url = process.env.BENCH_DATABASE_URL;
      if (url) targets.push(postgresTarget(url));
      else log("postgres: skipped (set BENCH_DATABASE_URL=postgresql://... to a server with pgvector)");
    }
  }
  return targets;
}
