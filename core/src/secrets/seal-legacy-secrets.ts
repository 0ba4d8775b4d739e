import { PRISMA_MIGRATE_LOCK } from "../db/migrate-database.ts";
import type { Prisma } from "../db/open-database.ts";
import type { Logger } from "../logger.ts";
import {
  countSecretsByKey,
  emptyResealCounts,
  type ResealCounts,
  resealLockedRow,
} from "./reseal-secrets.ts";
import type { SealedSecretTable } from "./sealed-secret-table.ts";
import type { SecretBox } from "./secret-box.ts";

/** The AppConfig row that records that legacy rows were sealed; after it, a legacy row is refused. */
export const LEGACY_SEALED_MARKER = "secrets.legacySealed";

const LEGACY_ONLY = { legacy: true, rotate: false } as const;

/**
 * The data half of the move to sealed secrets, run at start right after the migrations (a SQL
 * migration cannot know the key): rows still in a legacy format (Slack installations as plain JSON,
 * ltijs's AES-CBC records) are sealed under the current key, all in one transaction that holds the
 * migrations' advisory lock. Replicas starting together therefore queue on the lock, and the ones that
 * follow find the marker and do nothing. It runs only until it has finished once: afterwards a
 * legacy-shaped row can only have been written by someone with database access, and reads refuse it.
 * Returns the counts, or null when there was nothing to do.
 */
export async function sealLegacySecrets(
  db: Prisma,
  tables: readonly SealedSecretTable[],
  box: SecretBox,
  logger: Logger,
): Promise<ResealCounts[] | null> {
  const counts = await db.$transaction(
    async (tx) => {
      // A transaction-scoped lock: released by the commit or rollback, and it needs no second connection.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${PRISMA_MIGRATE_LOCK}::bigint)`;
      if (await tx.appConfig.findUnique({ where: { key: LEGACY_SEALED_MARKER } })) return null;
      if (!box.keyId) {
        const legacy = (await countSecretsByKey(tx, tables, box)).reduce((n, t) => n + t.legacy, 0);
        if (legacy > 0) {
          logger.warn(
            { rows: legacy },
            "stored secrets are not sealed: set STUDYHALL_SECRET_KEY and restart",
          );
        }
        return null;
      }
      const results: ResealCounts[] = [];
      for (const table of tables) {
        const tableCounts = emptyResealCounts(table.name);
        for (const row of await table.list(tx)) {
          const outcome = await resealLockedRow(tx, table, box, LEGACY_ONLY, row.id);
          if (outcome) tableCounts[outcome] += 1;
        }
        results.push(tableCounts);
      }
      if (results.every((c) => c.legacyLeft === 0)) {
        await tx.appConfig.create({
          data: { key: LEGACY_SEALED_MARKER, value: { keyId: box.keyId, at: new Date().toISOString() } },
        });
      }
      return results;
    },
    // A large deployment has a few thousand installations; sealing one takes microseconds.
    { timeout: 120_000, maxWait: 60_000 },
  );
  for (const c of counts ?? []) {
    if (c.legacySealed > 0) logger.info({ ...c, keyId: box.keyId }, "sealed legacy stored secrets");
  }
  const left = (counts ?? [])
    .filter((c) => c.legacyLeft > 0)
    .map((c) => ({ table: c.table, rows: c.legacyLeft }));
  // Typically ltijs's records without LTI_ENCRYPTION_KEY: they are tried again on the next start.
  if (left.length > 0)
    logger.warn({ left }, "some legacy secrets could not be read and stay unsealed (and refused)");
  return counts;
}
