// Course-scoped hybrid retrieval at 10k and 100k chunks: our hybrid top-8 beside an exact (no index)
// vector scan of the same data in the same run, and recall@10 of the HNSW index against exact.
import { EMBEDDING_DIMENSIONS } from "../core/src/ai/embedder.ts";
import { HASHED_EMBEDDER_MODEL, hashedVector } from "../core/src/ai/local/hashed-embedder.ts";
import type { Database } from "../core/src/db/open-database.ts";
import { hybridSearch, insertChunks, vectorSearch } from "../core/src/search/chunk-repository.ts";
import type { BenchTarget } from "./bench-database.ts";
import { passages, percentile, questionFrom, random, structuredVectors } from "./corpus.ts";

/** Which vectors the corpus carries: see {@link structuredVectors}. */
export type VectorKind = "structured" | "hashed";

interface Timing {
  p50: number;
  p95: number;
}

export interface RetrievalResult {
  target: string;
  vectors: VectorKind;
  chunks: number;
  loadSeconds: number;
  indexSeconds: number;
  hybrid: Timing;
  exact: Timing;
  approximate: Timing;
  recallAt10: number;
  exactOverHybridP95: number;
  leakedResults: number;
}

interface Corpus {
  courseId: string;
  otherCourseId: string;
  texts: string[];
  /** The query vector for a question about passage `i`. */
  queryVector: (i: number, question: string) => number[];
  loadSeconds: number;
  indexSeconds: number;
}

const OTHER_COURSE_CHUNKS = 2_000;
const QUERIES = 100;
const WARM_UP = 10;

/** Builds a course of `size` chunks plus a second course, then times queries scoped to the first. */
export async function benchRetrieval(
  target: BenchTarget,
  size: number,
  vectors: VectorKind,
  log: (s: string) => void,
): Promise<RetrievalResult> {
  const db = await target.open(`r${size}`);
  try {
    const corpus = await loadCorpus(db, size, vectors, log);
    return {
      target: target.label,
      vectors,
      chunks: size,
      loadSeconds: round(corpus.loadSeconds, 1),
      indexSeconds: round(corpus.indexSeconds, 1),
      ...(await measure(db, corpus)),
    };
  } finally {
    await db.close();
  }
}

export async function loadCorpus(
  db: Database,
  size: number,
  kind: VectorKind,
  log: (s: string) => void,
): Promise<Corpus> {
  const prisma = db.prisma;
  const course = await prisma.course.create({ data: { slug: "bench", name: "Bench" } });
  const other = await prisma.course.create({ data: { slug: "other", name: "Other" } });
  const texts = passages(size, 130, 1);
  const otherTexts = passages(OTHER_COURSE_CHUNKS, 130, 2);
  const structured =
    kind === "structured" ? structuredVectors(size + OTHER_COURSE_CHUNKS, EMBEDDING_DIMENSIONS, 3) : null;
  const vectorFor = (index: number, text: string) => structured?.vectors[index] ?? hashedVector(text);
  const started = performance.now();
  // Bulk load first and build the HNSW index after: far faster than inserting into a live index.
  await prisma.$executeRawUnsafe(`DROP INDEX IF EXISTS "MaterialChunk_embedding_hnsw_idx"`);
  for (const [courseId, list, offset] of [
    [course.id, texts, 0],
    [other.id, otherTexts, size],
  ] as const) {
    const material = await prisma.material.create({
      data: {
        courseId,
        title: "Bench reader",
        type: "TEXT",
        sizeBytes: 0,
        sha256: courseId,
        status: "READY",
      },
    });
    for (let start = 0; start < list.length; start += 2_000) {
      const rows = list.slice(start, start + 2_000).map((text, i) => ({
        ordinal: start + i,
        text,
        anchor: `p. ${Math.floor((start + i) / 3) + 1}`,
        page: Math.floor((start + i) / 3) + 1,
        section: null,
        tokenCount: Math.ceil(text.length / 4),
        embedding: vectorFor(offset + start + i, text),
      }));
      await insertChunks(
        prisma,
        { materialId: material.id, courseId, embeddingModel: HASHED_EMBEDDER_MODEL },
        rows,
      );
    }
    await prisma.material.update({ where: { id: material.id }, data: { chunkCount: list.length } });
  }
  const loadSeconds = (performance.now() - started) / 1000;
  log(
    `  loaded ${size + OTHER_COURSE_CHUNKS} chunks in ${loadSeconds.toFixed(1)} s; building the HNSW index`,
  );
  const indexStarted = performance.now();
  await db.withSession(async (session) => {
    await session.exec("SET maintenance_work_mem = '1GB'");
    await session.exec(
      `CREATE INDEX "MaterialChunk_embedding_hnsw_idx" ON "MaterialChunk"
         USING hnsw ((binary_quantize("embedding")::bit(768)) bit_hamming_ops)`,
    );
    await session.exec(`ANALYZE "MaterialChunk"`);
  });
  const indexSeconds = (performance.now() - indexStarted) / 1000;
  log(`  index built in ${indexSeconds.toFixed(1)} s`);
  return {
    courseId: course.id,
    otherCourseId: other.id,
    texts,
    queryVector: (i, question) => structured?.queryNear(i) ?? hashedVector(question),
    loadSeconds,
    indexSeconds,
  };
}

async function measure(db: Database, corpus: Corpus) {
  const { courseId, otherCourseId, texts } = corpus;
  const rng = random(7);
  const queries = Array.from({ length: QUERIES + WARM_UP }, () => {
    const i = Math.floor(rng() * texts.length);
    const text = questionFrom(texts[i]!, 4, rng);
    return { text, embedding: corpus.queryVector(i, text) };
  });
  const otherChunks = new Set(
    (
      await db.prisma.materialChunk.findMany({ where: { courseId: otherCourseId }, select: { id: true } })
    ).map((c) => c.id),
  );
  const hybrid: number[] = [];
  const exact: number[] = [];
  const approximate: number[] = [];
  let recall = 0;
  let leaked = 0;
  for (const [i, { text, embedding }] of queries.entries()) {
    const base = { courseId, embeddingModel: HASHED_EMBEDDER_MODEL, embedding };
    const [hits, hybridMs] = await timed(() => hybridSearch(db.prisma, { ...base, text, limit: 8 }));
    const [truth, exactMs] = await timed(() => vectorSearch(db.prisma, { ...base, limit: 10 }, "exact"));
    const [found, approxMs] = await timed(() => vectorSearch(db.prisma, { ...base, limit: 10 }, "index"));
    if (i < WARM_UP) continue;
    hybrid.push(hybridMs);
    exact.push(exactMs);
    approximate.push(approxMs);
    const truthSet = new Set(truth);
    recall += found.filter((id) => truthSet.has(id)).length / Math.max(1, truth.length);
    leaked += hits.filter((h) => otherChunks.has(h.chunkId)).length;
  }
  const summary = (values: number[]) => ({
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
  });
  return {
    hybrid: summary(hybrid),
    exact: summary(exact),
    approximate: summary(approximate),
    recallAt10: round(recall / QUERIES, 3),
    exactOverHybridP95: round(percentile(exact, 95) / percentile(hybrid, 95), 1),
    leakedResults: leaked,
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, performance.now() - started];
}

function round(value: number, digits = 2): number {
  return Number(value.toFixed(digits));
}
