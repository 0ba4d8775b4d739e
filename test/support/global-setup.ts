// Runs once before the integration project: builds a migrated template database that every test file
// then copies (a PGlite data-dir tarball, or a Postgres TEMPLATE database when TEST_DATABASE_URL is set).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../../core/src/db/migrate-database.ts";
import { openDatabase } from "../../core/src/db/open-database.ts";

export const TEMPLATE_DATABASE = "studyhall_test_template";
const migrationsDir = path.resolve(import.meta.dirname, "..", "..", "prisma", "migrations");

declare module "vitest" {
  export interface ProvidedContext {
    testDatabase:
      | { kind: "postgres"; adminUrl: string; template: string }
      | { kind: "pglite"; dumpPath: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
    await admin.end();
    const templateUrl = withDatabase(adminUrl, TEMPLATE_DATABASE);
    const db = await openDatabase({ kind: "postgres", url: templateUrl, poolSize: 1 });
    await migrateDatabase(db, migrationsDir);
    await db.close();
    project.provide("testDatabase", { kind: "postgres", adminUrl, template: TEMPLATE_DATABASE });
    return async () => {};
  }
  const db = await openDatabase({ kind: "pglite", dataDir: "memory" });
  await migrateDatabase(db, migrationsDir);
  const dump = await db.dump!();
  await db.close();
  const dir = await mkdtemp(path.join(os.tmpdir(), "studyhall-test-"));
  const dumpPath = path.join(dir, "template.tar");
  await writeFile(dumpPath, Buffer.from(await dump.arrayBuffer()));
  project.provide("testDatabase", { kind: "pglite", dumpPath });
  return () => rm(dir, { recursive: true, force: true });
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
