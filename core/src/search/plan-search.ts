import { empty, sql } from "../db/generated/internal/prismaNamespace.ts";
import type { SqlExecutor } from "./chunk-repository.ts";
import type { TermStatistics } from "./term-statistics.ts";

/**
 * Most chunks the full-text half may have to rank. Ranking reads every matching row (about 8 µs each,
 * measured at 100k chunks), so a question word found in a large share of the table ("cell" in a
 * biology course) would make it slow while adding little: the embedding half already covers it.
 * Question words are taken rarest first, by Postgres's own statistics of the tsvector column, until
 * their estimated matches reach this budget (~5 ms of ranking).
 */
export const TEXT_MATCH_BUDGET = 600;

/**
 * Courses with up to this many chunks are searched exactly (every vector compared): at that size an
 * exact scan costs a few milliseconds and recall is perfect. Larger courses use the HNSW index.
 */
const EXACT_SEARCH_MAX_CHUNKS = 2_000;

/**
 * The HNSW index is searched with the course filter applied as it goes (pgvector's iterative scan),
 * which visits about `candidates / share` index entries. Below this share of the whole table the
 * course is searched exactly instead, so a small course among many large ones is never starved.
 */
const INDEX_MIN_SHARE = 0.005;

export interface SearchPlan {
  /** The question's words as an OR tsquery, rarest first within the budget; null if none qualify. */
  textQuery: string | null;
  useIndex: boolean;
}

/**
 * Decides, in one round trip, which question words the full-text half searches and whether the vector
 * half uses the HNSW index or an exact scan (by the size of the course, or of the chosen materials, and
 * its share of the table).
 */
export async function planSearch(
  db: SqlExecutor,
  input: {
    courseId: string;
    materialIds?: string[] | undefined;
    text: string;
    budget: number;
    terms: TermStatistics;
  },
): Promise<SearchPlan> {
  // A search inside chosen materials is sized by those materials alone.
  const inMaterials = input.materialIds ? sql`AND m.id = ANY(${input.materialIds}::uuid[])` : empty;
  const [row] = await db.$queryRaw<Array<{ q: string | null; course_chunks: bigint | number }>>`
    WITH question_terms AS (
      SELECT t.lexeme,
             COALESCE((${JSON.stringify(input.terms.expectedRows)}::jsonb ->> t.lexeme)::float8, ${input.terms.unlistedRows})
               AS expected_rows
      FROM unnest(to_tsvector('english', ${input.text})) AS t
    ),
    text_query AS (
      SELECT string_agg(quote_literal(lexeme), ' | ')::tsquery::text AS q
      FROM (
        SELECT lexeme, sum(expected_rows) OVER (ORDER BY expected_rows, lexeme) AS running FROM question_terms
      ) ranked
      WHERE running <= ${input.budget}
    )
    SELECT (SELECT q FROM text_query) AS q,
           (SELECT COALESCE(sum(m."chunkCount"), 0) FROM "Material" m
             WHERE m."courseId" = ${input.courseId}::uuid AND m.status = 'READY' ${inMaterials}) AS course_chunks`;
  const courseChunks = Number(row?.course_chunks ?? 0);
  const tableRows = Math.max(input.terms.tableRows, courseChunks);
  return {
    textQuery: row?.q ?? null,
    useIndex: courseChunks > EXACT_SEARCH_MAX_CHUNKS && courseChunks >= tableRows * INDEX_MIN_SHARE,
  };
}
