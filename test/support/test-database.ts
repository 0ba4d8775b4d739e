import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import pg from "pg";
import { inject } from "vitest";
import { type Database, openDatabase } from "../../core/src/db/open-database.ts";
import { withDatabase } from "./global-setup.ts";

/** A test file's database; on Postgres also its URL, for a second process (the `studyhall` bin) to use. */
export type TestDatabase = Database & { url?: string };

/**
 * A fresh, migrated database for one test file: a copy of the template built in global-setup.ts.
 * Embedded PGlite by default; a new Postgres database (dropped on close) when TEST_DATABASE_URL is set.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const target = inject("testDatabase");
  if (target.kind === "pglite") {
    const dump = new Blob([await readFile(target.dumpPath)]);
    return openDatabase({ kind: "pglite", dataDir: "memory", loadDataDir: dump });
  }
  const name = `studyhall_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(target.adminUrl, `CREATE DATABASE ${name} TEMPLATE ${target.template}`);
  const url = withDatabase(target.adminUrl, name);
  const db = await openDatabase({ kind: "postgres", url, poolSize: 4 });
  return {
    ...db,
    url,
    async close() {
      await db.close();
      await adminQuery(target.adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
