import type { Prisma } from "../db/open-database.ts";

/** Expected matching rows per common lexeme of MaterialChunk.tsv, from Postgres's column statistics. */
export interface TermStatistics {
  /** lexeme -> estimated number of chunks containing it (only the most common lexemes are listed). */
  expectedRows: Record<string, number>;
  /** Estimate for a lexeme not in the list: half the least common listed one, as Postgres's planner does. */
  unlistedRows: number;
  tableRows: number;
}

/** Statistics change slowly (ANALYZE after ingestion, autovacuum); reading them costs planning time. */
const TTL_MS = 60_000;
const cache = new WeakMap<object, { at: number; stats: Promise<TermStatistics> }>();

/**
 * The most common lexemes of the chunks' tsvector with their estimated match counts, cached per
 * database client for a minute. Reads the `pg_stats` view, so it needs no special privileges.
 */
export function termStatistics(db: Prisma, now = Date.now()): Promise<TermStatistics> {
  const hit = cache.get(db);
  if (hit && now - hit.at < TTL_MS) return hit.stats;
  const stats = load(db);
  cache.set(db, { at: now, stats });
  // A failed read must not stick for a minute.
  stats.catch(() => cache.delete(db));
  return stats;
}

async function load(db: Prisma): Promise<TermStatistics> {
  const [row] = await db.$queryRaw<
    Array<{ lexemes: string[] | null; freqs: number[] | null; table_rows: number }>
  >`
    SELECT s.most_common_elems::text::text[] AS lexemes, s.most_common_elem_freqs::float8[] AS freqs,
           (SELECT GREATEST(reltuples, 0)::float8 FROM pg_class WHERE oid = '"MaterialChunk"'::regclass) AS table_rows
    FROM (SELECT 1) one
    LEFT JOIN pg_stats s ON s.schemaname = current_schema() AND s.tablename = 'MaterialChunk' AND s.attname = 'tsv'`;
  const tableRows = Number(row?.table_rows ?? 0);
  const lexemes = row?.lexemes ?? [];
  const freqs = row?.freqs ?? [];
  const expectedRows: Record<string, number> = {};
  lexemes.forEach((lexeme, i) => {
    expectedRows[lexeme] = Number(freqs[i] ?? 0) * tableRows;
  });
  // After the per-lexeme frequencies Postgres stores the minimum, the maximum and the null frequency.
  const minimum = Number(freqs[lexemes.length] ?? 0);
  return { expectedRows, unlistedRows: (minimum / 2) * tableRows, tableRows };
}
