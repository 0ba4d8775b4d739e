import type { Prisma } from "../db/open-database.ts";
import { isAppError } from "../errors/app-error.ts";
import type { PrismaLike } from "../jobs/job-sql.ts";
import type { Logger } from "../logger.ts";
import type { SealedSecretTable, StoredSecret } from "./sealed-secret-table.ts";
import type { SecretBox } from "./secret-box.ts";

/** What {@link resealSecrets} found and did in one table. */
export interface ResealCounts {
  table: string;
  /** Already under the current key (not rewritten). */
  current: number;
  /** Opened under a previous key and sealed again under the current one. */
  resealed: number;
  /** Legacy rows (plain JSON, ltijs's AES-CBC) sealed under the current key. */
  legacySealed: number;
  /** Under a previous key and left as they are (this pass does not rotate). */
  previousLeft: number;
  /** Legacy rows left as they are (not asked to, or their plaintext cannot be read). */
  legacyLeft: number;
  /** Refused: tampered, moved from another row, or under a key that is not configured. Left as they are. */
  unreadable: number;
}

/** What became of one row. */
export type ResealOutcome = Exclude<keyof ResealCounts, "table">;

export interface ResealOptions {
  /** Seal rows still in a pre-envelope format. */
  legacy: boolean;
  /** Re-seal rows under a previous key with the current key. */
  rotate: boolean;
}

/** Counts with every outcome at zero. */
export function emptyResealCounts(table: string): ResealCounts {
  return { table, current: 0, resealed: 0, legacySealed: 0, previousLeft: 0, legacyLeft: 0, unreadable: 0 };
}

/**
 * Re-seals a deployment's stored secrets under the current key: rows under a previous key (`rotate`)
 * and rows in a legacy format (`legacy`). Each row is re-read under a row lock and rewritten in its own
 * transaction, so an interrupted run leaves every row either done or untouched, and running it again
 * finishes the rest (rows already current are only counted). Rows that do not open are refused (logged
 * by the box), counted and left as they are, never rewritten.
 */
export async function resealSecrets(
  db: Prisma,
  tables: readonly SealedSecretTable[],
  box: SecretBox,
  options: ResealOptions,
  logger: Logger,
): Promise<ResealCounts[]> {
  const results: ResealCounts[] = [];
  for (const table of tables) {
    const counts = emptyResealCounts(table.name);
    for (const listed of await table.list(db)) {
      // Most rows of a finished rotation are current: count them without a transaction.
      const outcome =
        listed.sealed !== undefined && box.keyIdOf(listed.sealed) === box.keyId
          ? "current"
          : await db.$transaction((tx) => resealLockedRow(tx, table, box, options, listed.id));
      if (outcome) counts[outcome] += 1;
    }
    if (counts.resealed + counts.legacySealed > 0) {
      logger.info({ ...counts, keyId: box.keyId }, "re-sealed stored secrets under the current key");
    }
    results.push(counts);
  }
  return results;
}

/**
 * Locks row `id` of `table` in `tx`, and re-seals it under the current key if `options` ask for it.
 * Undefined when the row is gone (deleted since it was listed).
 */
export async function resealLockedRow(
  tx: PrismaLike,
  table: SealedSecretTable,
  box: SecretBox,
  options: ResealOptions,
  id: string,
): Promise<ResealOutcome | undefined> {
  const row = await table.lock(tx, id);
  return row ? resealRow(tx, table, box, options, row) : undefined;
}

async function resealRow(
  tx: PrismaLike,
  table: SealedSecretTable,
  box: SecretBox,
  options: ResealOptions,
  row: StoredSecret,
): Promise<ResealOutcome> {
  if (row.sealed === undefined) {
    const plaintext = row.legacy?.plaintext;
    if (!options.legacy || plaintext === undefined) return "legacyLeft";
    await table.write(tx, row.id, box.seal(plaintext, row.context));
    return "legacySealed";
  }
  const keyId = box.keyIdOf(row.sealed);
  if (keyId === box.keyId) return "current";
  if (!options.rotate && keyId !== undefined && box.keyIds.includes(keyId)) return "previousLeft";
  let plaintext: string;
  try {
    plaintext = box.open(row.sealed, row.context);
  } catch (error) {
    if (isAppError(error, "secret_unreadable")) return "unreadable";
    throw error;
  }
  await table.write(tx, row.id, box.seal(plaintext, row.context));
  return "resealed";
}

/** How many secrets each table holds under each key id, and how many are still legacy rows. */
export async function countSecretsByKey(
  db: PrismaLike,
  tables: readonly SealedSecretTable[],
  box: SecretBox,
): Promise<Array<{ table: string; byKeyId: Record<string, number>; legacy: number }>> {
  const results = [];
  for (const table of tables) {
    const byKeyId: Record<string, number> = {};
    let legacy = 0;
    for (const row of await table.list(db)) {
      if (row.sealed === undefined) legacy += 1;
      else {
        const keyId = box.keyIdOf(row.sealed) ?? "(malformed)";
        byKeyId[keyId] = (byKeyId[keyId] ?? 0) + 1;
      }
    }
    results.push({ table: table.name, byKeyId, legacy });
  }
  return results;
}
