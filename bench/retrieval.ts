// Course-scoped hybrid retrieval at 10k and 100k chunks: our hybrid top-8 beside an exact (no index)
// vector scan of the same data in the same run, and recall@10 of the HNSW index against exact.
import { HASHED_EMBEDDER_MODEL, hashedVector } from "../core/src/ai/local/hashed-embedder.ts";
import type { Database } from "../core/src/db/open-database.ts";
import {
  approximateVectorSearch,
  exactVectorSearch,
  hybridSearch,
  insertChunks,
} from "../core/src/search/chunk-repository.ts";
import type { BenchTarget } from "./bench-database.ts";
import { passages, percentile, questionFrom, random } from "./corpus.ts";

export interface RetrievalResult {
  target: string;
  chunks: number;
  loadSeconds: number;
  indexSeconds: number;
  hybrid: { p50: number; p95: number };
  exact: { p50: number; p95: number };
  approximate: { p50: number; p95: number };
  recallAt10: number;
  exactOverHybridP95: number;
  leakedResults: number;
}

const OTHER_COURSE_CHUNKS = 2_000;
const QUERIES = 100;

/** Builds a course of `size` chunks plus a second course, then times queries scoped to the first. */
export async function benchRetrieval(target: BenchTarget, size: number, log: (s: string) => void) {
  const db = await target.open(`r${size}`);
  try {
    const { courseId, otherCourseId, texts, loadSeconds, indexSeconds } = await loadCorpus(db, size, log);
    const result = await measure(db, courseId, otherCourseId, texts);
    return {
      target: target.label,
      chunks: size,
      loadSeconds,
      indexSeconds,
      ...result,
    } satisfies RetrievalResult;
  } finally {
    await db.close();
  }
}

export async function loadCorpus(db: Database, size: number, log: (s: string) => void) {
  const prisma = db.prisma;
  const course = await prisma.course.create({ data: { slug: "bench", name: "Bench" } });
  const other = await prisma.course.create({ data: { slug: "other", name: "Other" } });
  const texts = passages(size, 130, 1);
  const otherTexts = passages(OTHER_COURSE_CHUNKS, 130, 2);
  const started = performance.now();
  // Bulk load first and build the HNSW index after: far faster than inserting into a live index.
  await prisma.$executeRawUnsafe(`DROP INDEX IF EXISTS "MaterialChunk_embedding_hnsw_idx"`);
  for (const [courseId, list] of [
    [course.id, texts],
    [other.id, otherTexts],
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
        embedding: hashedVector(text),
      }));
      await insertChunks(
        prisma,
        { materialId: material.id, courseId, embeddingModel: HASHED_EMBEDDER_MODEL },
        rows,
      );
    }
  }
  const loadSeconds = (performance.now() - started) / 1000;
  log(`  loaded ${size + OTHER_COURSE_CHUNKS} chunks in ${loadSeconds.toFixed(1)} s; building HNSW index`);
  const indexStarted = performance.now();
  await db.withSession(async (session) => {
    await session.exec("SET maintenance_work_mem = '1GB'");
    await session.exec(
      `CREATE INDEX "MaterialChunk_embedding_hnsw_idx" ON "MaterialChunk" USING hnsw ("embedding" vector_cosine_ops)`,
    );
    await session.exec(`ANALYZE "MaterialChunk"`);
  });
  const indexSeconds = (performance.now() - indexStarted) / 1000;
  log(`  index built in ${indexSeconds.toFixed(1)} s`);
  return { courseId: course.id, otherCourseId: other.id, texts, loadSeconds, indexSeconds };
}

async function measure(db: Database, courseId: string, otherCourseId: string, texts: string[]) {
  const rng = random(7);
  const queries = Array.from({ length: QUERIES + 10 }, () =>
    questionFrom(texts[Math.floor(rng() * texts.length)]!, 4, rng),
  );
  const hybrid: number[] = [];
  const exact: number[] = [];
  const approximate: number[] = [];
  let recallHits = 0;
  let leaked = 0;
  const otherChunks = new Set(
    (
      await db.prisma.materialChunk.findMany({ where: { courseId: otherCourseId }, select: { id: true } })
    ).map((c) => c.id),
  );
  for (const [i, text] of queries.entries()) {
    const embedding = hashedVector(text);
    const base = { courseId, embeddingModel: HASHED_EMBEDDER_MODEL, embedding };
    let t = performance.now();
    const hits = await hybridSearch(db.prisma, { ...base, text, limit: 8 });
    const hybridMs = performance.now() - t;
    t = performance.now();
    const truth = await exactVectorSearch(db.prisma, { ...base, limit: 10 });
    const exactMs = performance.now() - t;
    t = performance.now();
    const found = await approximateVectorSearch(db.prisma, { ...base, limit: 10 });
    const approxMs = performance.now() - t;
    if (i < 10) continue; // warm-up
    hybrid.push(hybridMs);
    exact.push(exactMs);
    approximate.push(approxMs);
    const truthSet = new Set(truth);
    recallHits += found.filter((id) => truthSet.has(id)).length / Math.max(1, truth.length);
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
    recallAt10: round(recallHits / QUERIES, 3),
    exactOverHybridP95: round(percentile(exact, 95) / percentile(hybrid, 95), 1),
    leakedResults: leaked,
  };
}

function round(value: number, digits = 2): number {
  return Number(value.toFixed(digits));
}
