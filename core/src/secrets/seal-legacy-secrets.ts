import { PRISMA_MIGRATE_LOCK } from "../db/migrate-database.ts";
import type { Database } from "../db/open-database.ts";
import type { Logger } from "../logger.ts";
import { countSecretsByKey, type ResealCounts, resealSecrets } from "./reseal-secrets.ts";
import type { SealedSecretTable } from "./sealed-secret-table.ts";
import type { SecretBox } from "./secret-box.ts";

/** The AppConfig row that records that legacy rows were sealed; after it, a legacy row is refused. */
export const LEGACY_SEALED_MARKER = "secrets.legacySealed";

/**
 * The data half of the move to sealed secrets, run at start right after the migrations (a SQL
 * migration cannot know the key): rows still in a legacy format (Slack installations as plain JSON,
 * ltijs's AES-CBC records) are sealed under the current key. It runs under the migrations' advisory
 * lock, so replicas starting together do it once, and only until it has finished once: afterwards a
 * legacy-shaped row can only have been written by someone with database access, and reads refuse it.
 * Returns the counts, or null when there was nothing to do.
 */
export async function sealLegacySecrets(
  database: Database,
  tables: readonly SealedSecretTable[],
  box: SecretBox,
  logger: Logger,
): Promise<ResealCounts[] | null> {
  return database.withSession(async (session) => {
    await session.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK]);
    try {
      const db = database.prisma;
      if (await db.appConfig.findUnique({ where: { key: LEGACY_SEALED_MARKER } })) return null;
      if (!box.keyId) {
        const legacy = (await countSecretsByKey(db, tables, box)).reduce((n, t) => n + t.legacy, 0);
        if (legacy > 0) {
          logger.warn(
            { rows: legacy },
            "stored secrets are not sealed: set STUDYHALL_SECRET_KEY and restart",
          );
        }
        return null;
      }
      const counts = await resealSecrets(db, tables, box, { legacy: true, rotate: false }, logger);
      const left = counts
        .filter((c) => c.legacyLeft > 0)
        .map((c) => ({ table: c.table, rows: c.legacyLeft }));
      if (left.length > 0) {
        // Typically ltijs's records without LTI_ENCRYPTION_KEY: try again on the next start.
        logger.warn({ left }, "some legacy secrets could not be read and stay unsealed (and refused)");
        return counts;
      }
      await db.appConfig.upsert({
        where: { key: LEGACY_SEALED_MARKER },
        create: { key: LEGACY_SEALED_MARKER, value: { keyId: box.keyId, at: new Date().toISOString() } },
        update: {},
      });
      return counts;
    } finally {
      await session.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK]);
    }
  });
}
