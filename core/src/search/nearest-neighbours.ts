import { empty, sql } from "../db/generated/internal/prismaNamespace.ts";
import type { Prisma } from "../db/open-database.ts";
import { toVectorLiteral } from "./vector-literal.ts";

/**
 * The HNSW index is built on binary-quantised vectors (one bit per dimension: 96 bytes instead of
 * 3 KB), which makes it ten times smaller and inserts several times faster. Its hamming-distance
 * order only shortlists: this many times the wanted candidates are taken and then re-ranked by exact
 * cosine distance on the full vectors. At 4x, recall@10 against an exact scan measured 1.00 on 100k
 * chunks (BENCHMARKS.md).
 */
const RERANK_FACTOR = 4;

export interface NeighbourQuery {
  courseId: string;
  embeddingModel: string;
  embedding: number[];
  /** Only chunks of these materials: the search runs inside them, so the top-k all come from them. */
  materialIds?: string[] | undefined;
}

/**
 * SQL for the `candidates` nearest chunks of a course by cosine distance, as rows (id, distance).
 * "index": the binary-quantised HNSW index, then exact re-ranking. The caller must run it with
 * `SET LOCAL enable_seqscan = off` (see {@link withIndexOnly}); the filters are written so no b-tree
 * can serve them, which leaves the HNSW index as the only plan. "exact": every vector of the course.
 */
export function nearestNeighboursSql(query: NeighbourQuery, mode: "index" | "exact", candidates: number) {
  const vector = toVectorLiteral(query.embedding);
  const ids = query.materialIds;
  if (mode === "exact") {
    // Indexable on purpose: the (materialId, ordinal) b-tree narrows the scan to the chosen materials.
    const inMaterials = ids ? sql`AND c."materialId" = ANY(${ids}::uuid[])` : empty;
    // Adding 0 to the distance hides it from the index, so Postgres compares every vector.
    return sql`SELECT c.id, c.embedding <=> ${vector}::vector AS distance
      FROM "MaterialChunk" c
      WHERE c."courseId" = ${query.courseId}::uuid AND c."embeddingModel" = ${query.embeddingModel}
        AND c.embedding IS NOT NULL ${inMaterials}
      ORDER BY (c.embedding <=> ${vector}::vector) + 0
      LIMIT ${candidates}`;
  }
  // Written so no b-tree can serve it, like the course filter: the HNSW index applies it as it goes.
  const inMaterials = ids ? sql`AND c."materialId"::text = ANY(${ids}::text[])` : empty;
  // bit(768) must match the index expression in prisma/migrations (and EMBEDDING_DIMENSIONS).
  return sql`SELECT id, distance FROM (
      SELECT c.id, c.embedding <=> ${vector}::vector AS distance
      FROM "MaterialChunk" c
      WHERE c."courseId"::text = ${query.courseId} AND c."embeddingModel" || '' = ${query.embeddingModel}
        ${inMaterials}
      ORDER BY binary_quantize(c.embedding)::bit(768) <~> binary_quantize(${vector}::vector)
      LIMIT ${candidates * RERANK_FACTOR}
    ) shortlist
    ORDER BY distance
    LIMIT ${candidates}`;
}

type Tx = Parameters<Parameters<Prisma["$transaction"]>[0]>[0];

/**
 * Runs `fn` in a transaction where sequential scans are off. Postgres prices a scan of a few thousand
 * vectors as cheap because it counts neither the distance arithmetic nor reading the out-of-line
 * vectors; in fact it is 10-20x slower than the index.
 */
export function withIndexOnly<T>(db: Prisma, useIndex: boolean, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(async (tx) => {
    if (useIndex) await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
    return fn(tx);
  });
}
