// Every SQL statement that touches vectors or full-text lives here, typed at its boundary. Every read
// takes a courseId and filters on it: this module is where course isolation is enforced.
import { empty, sql } from "../db/generated/internal/prismaNamespace.ts";
import type { Prisma } from "../db/open-database.ts";

/** The client or an interactive transaction: all this module needs is raw SQL. */
export type SqlExecutor = Pick<Prisma, "$executeRaw" | "$queryRaw">;

import { nearestNeighboursSql, withIndexOnly } from "./nearest-neighbours.ts";
import { planSearch, TEXT_MATCH_BUDGET } from "./plan-search.ts";
import { termStatistics } from "./term-statistics.ts";
import { toVectorLiteral } from "./vector-literal.ts";

/** A chunk ready to store. */
export interface NewChunk {
  ordinal: number;
  text: string;
  anchor: string | null;
  page: number | null;
  section: string | null;
  tokenCount: number;
  embedding: number[];
}

/** Rows per INSERT; keeps each statement's JSON parameter a few MB at most. */
const INSERT_BATCH = 500;

/** Inserts `chunks` for one material. Call inside a transaction so a failure leaves none behind. */
export async function insertChunks(
  db: SqlExecutor,
  target: { materialId: string; courseId: string; embeddingModel: string },
  chunks: NewChunk[],
): Promise<void> {
  for (let start = 0; start < chunks.length; start += INSERT_BATCH) {
    const rows = chunks.slice(start, start + INSERT_BATCH).map((c) => ({
      ordinal: c.ordinal,
      text: c.text,
      anchor: c.anchor,
      page: c.page,
      section: c.section,
      token_count: c.tokenCount,
      embedding: toVectorLiteral(c.embedding),
    }));
    await db.$executeRaw`
      INSERT INTO "MaterialChunk"
        ("id", "materialId", "courseId", "ordinal", "text", "anchor", "page", "section", "tokenCount",
         "embeddingModel", "embedding")
      SELECT gen_random_uuid(), ${target.materialId}::uuid, ${target.courseId}::uuid, r.ordinal, r.text,
             r.anchor, r.page, r.section, r.token_count, ${target.embeddingModel}, r.embedding::vector
      FROM json_to_recordset(${JSON.stringify(rows)}::json)
        AS r(ordinal int, text text, anchor text, page int, section text, token_count int, embedding text)`;
  }
}

/** Replaces the embeddings of existing chunks (reindex). */
export async function updateEmbeddings(
  db: SqlExecutor,
  embeddingModel: string,
  updates: Array<{ id: string; embedding: number[] }>,
): Promise<void> {
  for (let start = 0; start < updates.length; start += INSERT_BATCH) {
    const rows = updates
      .slice(start, start + INSERT_BATCH)
      .map((u) => ({ id: u.id, embedding: toVectorLiteral(u.embedding) }));
    await db.$executeRaw`
      UPDATE "MaterialChunk" AS c
      SET "embedding" = r.embedding::vector, "embeddingModel" = ${embeddingModel}
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(id uuid, embedding text)
      WHERE c.id = r.id`;
  }
}

export interface SearchQuery {
  courseId: string;
  /** Only chunks embedded by this model are compared with `embedding`. */
  embeddingModel: string;
  embedding: number[];
  text: string;
  /**
   * Only chunks of these materials (of the course). Both halves filter on them in SQL, so the top-k
   * comes from them rather than from what is left of the course's top-k.
   */
  materialIds?: string[] | undefined;
  /** Results returned after fusion. */
  limit: number;
  /** Candidates taken from each of the two searches before fusion. */
  candidates?: number;
  /** Most rows the full-text half may rank; defaults to TEXT_MATCH_BUDGET (see plan-search.ts). */
  textMatchBudget?: number;
  /** How to find nearest neighbours; "auto" (the default) decides by course size (see plan-search.ts). */
  vectorSearch?: "auto" | "index" | "exact";
}

export interface ChunkHit {
  chunkId: string;
  materialId: string;
  title: string;
  anchor: string | null;
  text: string;
  /** Cosine similarity to the query (-1..1); null when only full-text found it. */
  similarity: number | null;
  vectorRank: number | null;
  textRank: number | null;
  /** Reciprocal rank fusion score. */
  score: number;
}

/** RRF's damping constant; 60 is the value from the original paper and works well without tuning. */
const RRF_K = 60;

/**
 * Hybrid retrieval: nearest neighbours by embedding (HNSW, or exact for small courses) and full-text
 * matches (GIN), each limited to the course (and the chosen materials, if any) and embedding model,
 * fused with reciprocal rank fusion.
 */
export async function hybridSearch(db: Prisma, query: SearchQuery): Promise<ChunkHit[]> {
  const candidates = query.candidates ?? candidateDepth(query.limit);
  // Read outside the transaction: embedded PGlite has one connection, which the transaction holds.
  const terms = await termStatistics(db);
  const rows = await db.$transaction(async (tx) => {
    const plan = await planSearch(tx, {
      courseId: query.courseId,
      materialIds: query.materialIds,
      text: query.text,
      budget: query.textMatchBudget ?? TEXT_MATCH_BUDGET,
      terms,
    });
    if (query.vectorSearch && query.vectorSearch !== "auto") plan.useIndex = query.vectorSearch === "index";
    // Postgres underprices both halves: it counts neither the vector arithmetic nor decompressing each
    // row's tsvector, so it would scan the course row by row. With sequential scans off and the
    // full-text filter on courseId written so no b-tree can serve it, the text half always goes through
    // the GIN index (its cost bounded by the word budget) and the vector half through the HNSW index
    // or, for a small course, the course's b-tree.
    await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
    const nearest = nearestNeighboursSql(query, plan.useIndex ? "index" : "exact", candidates);
    const inMaterials = query.materialIds
      ? sql`AND c."materialId"::text = ANY(${query.materialIds}::text[])`
      : empty;
    // No usable word: an empty branch, rather than a filter Postgres would test on every row.
    const matched = plan.textQuery
      ? sql`SELECT id, row_number() OVER (ORDER BY score DESC, id) AS rank
            FROM (
              SELECT c.id, ts_rank_cd(c.tsv, ${plan.textQuery}::tsquery) AS score
              FROM "MaterialChunk" c
              WHERE c.tsv @@ ${plan.textQuery}::tsquery
                AND c."courseId"::text = ${query.courseId} AND c."embeddingModel" || '' = ${query.embeddingModel}
                ${inMaterials}
              ORDER BY score DESC
              LIMIT ${candidates}
            ) matched`
      : sql`SELECT NULL::uuid AS id, NULL::bigint AS rank WHERE false`;
    return tx.$queryRaw<RawHit[]>`
    WITH vec AS (
      SELECT id, distance, row_number() OVER (ORDER BY distance) AS rank FROM (${nearest}) nearest
    ),
    txt AS (${matched}),
    fused AS (
      SELECT COALESCE(vec.id, txt.id) AS id, vec.distance, vec.rank AS vector_rank, txt.rank AS text_rank,
             COALESCE(1.0 / (${RRF_K} + vec.rank), 0) + COALESCE(1.0 / (${RRF_K} + txt.rank), 0) AS score
      FROM vec FULL OUTER JOIN txt ON vec.id = txt.id
    )
    SELECT f.id AS chunk_id, c."materialId" AS material_id, m.title, c.anchor, c.text,
           f.distance, f.vector_rank, f.text_rank, f.score
    FROM fused f
    JOIN "MaterialChunk" c ON c.id = f.id
    JOIN "Material" m ON m.id = c."materialId"
    WHERE m.status = 'READY'
    ORDER BY f.score DESC, f.id
    LIMIT ${query.limit}`;
  });
  return rows.map(toHit);
}

/**
 * The vector half of {@link hybridSearch} alone (no full text), at the same candidate depth, cut to
 * `limit`: for recall checks and benchmarks.
 */
export async function vectorSearch(
  db: Prisma,
  query: Pick<SearchQuery, "courseId" | "embeddingModel" | "embedding" | "limit">,
  mode: "index" | "exact",
): Promise<string[]> {
  const candidates = candidateDepth(query.limit);
  const rows = await withIndexOnly(
    db,
    mode === "index",
    (tx) => tx.$queryRaw<Array<{ id: string }>>`${nearestNeighboursSql(query, mode, candidates)}`,
  );
  return rows.slice(0, query.limit).map((r) => r.id);
}

/** Candidates each half of the search contributes before fusion. */
function candidateDepth(limit: number): number {
  return Math.max(40, limit * 5);
}

interface RawHit {
  chunk_id: string;
  material_id: string;
  title: string;
  anchor: string | null;
  text: string;
  distance: number | null;
  vector_rank: bigint | number | null;
  text_rank: bigint | number | null;
  score: number | string;
}

function toHit(row: RawHit): ChunkHit {
  return {
    chunkId: row.chunk_id,
    materialId: row.material_id,
    title: row.title,
    anchor: row.anchor,
    text: row.text,
    similarity: row.distance === null ? null : 1 - Number(row.distance),
    vectorRank: row.vector_rank === null ? null : Number(row.vector_rank),
    textRank: row.text_rank === null ? null : Number(row.text_rank),
    score: Number(row.score),
  };
}
