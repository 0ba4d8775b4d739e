import type { Embedder } from "../../ai/embedder.ts";
import type { Prisma } from "../../db/open-database.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import { hybridSearch } from "../../search/chunk-repository.ts";
import { termCoverage } from "../../text/terms.ts";
import type { WriterPassage } from "./question-writer.ts";

/** Chunks shorter than this (headings, captions, a lone line) rarely hold a whole idea to ask about. */
const MIN_PASSAGE_TOKENS = 25;
/** A passage is on topic when it holds this share of the topic's words... */
const MIN_TOPIC_COVERAGE = 0.5;
/** ...or its embedding is at least this similar (the caller passes the provider's own threshold). */
const DEFAULT_MIN_SIMILARITY = 0.5;

export interface PassageQuery {
  courseId: string;
  topic?: string | undefined;
  materialIds?: string[] | undefined;
  howMany: number;
  minSimilarity?: number | undefined;
}

/**
 * The passages a quiz is written from: with a topic, the course's best matches for it (within the
 * chosen materials, if any); without, passages spread evenly over the chosen or all READY materials.
 * Throws NotFound, with what to do next, when there are no ready materials or nothing on the topic.
 */
export async function pickPassages(
  db: Prisma,
  embedder: Embedder,
  query: PassageQuery,
): Promise<WriterPassage[]> {
  const materials = await readyMaterials(db, query);
  return query.topic
    ? onTopic(db, embedder, { ...query, topic: query.topic }, materials)
    : spread(db, query.courseId, materials, query.howMany);
}

async function readyMaterials(db: Prisma, query: PassageQuery): Promise<string[]> {
  const chosen = query.materialIds ? [...new Set(query.materialIds)] : undefined;
  const rows = await db.material.findMany({
    where: { courseId: query.courseId, status: "READY", ...(chosen ? { id: { in: chosen } } : {}) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true },
  });
  if (chosen && rows.length < chosen.length)
    throw new AppError(ErrorCode.NotFound, "chosen materials missing or not ready", {
      userMessage:
        "Some of the chosen materials are not in this course or have not finished processing. Pick from the course's ready materials.",
      details: { missing: chosen.filter((id) => !rows.some((r) => r.id === id)) },
    });
  if (rows.length === 0)
    throw new AppError(ErrorCode.NotFound, "no ready materials to generate from", {
      userMessage:
        "Add materials first: this course has no ready materials to write questions from. Upload a reader or notes, wait for them to finish processing, then try again.",
    });
  return rows.map((r) => r.id);
}

async function onTopic(
  db: Prisma,
  embedder: Embedder,
  query: PassageQuery & { topic: string },
  materials: string[],
): Promise<WriterPassage[]> {
  const [embedding] = await embedder.embed([query.topic]);
  // The search runs inside the chosen materials, so its top-k are theirs even when another material
  // of the course matches the topic better.
  const hits = await hybridSearch(db, {
    courseId: query.courseId,
    materialIds: query.materialIds ? materials : undefined,
    embeddingModel: embedder.model,
    embedding: embedding!,
    text: query.topic,
    limit: Math.max(20, query.howMany * 3),
  });
  const minSimilarity = query.minSimilarity ?? DEFAULT_MIN_SIMILARITY;
  const relevant = hits.filter(
    (hit) =>
      (hit.similarity ?? -1) >= minSimilarity ||
      termCoverage(query.topic, `${hit.title} ${hit.text}`) >= MIN_TOPIC_COVERAGE,
  );
  if (relevant.length === 0)
    throw new AppError(ErrorCode.NotFound, "no passage on the topic", {
      userMessage: `The course materials don't seem to cover "${query.topic}". Try the words your materials use, or leave the topic out to cover all of them.`,
    });
  return relevant
    .slice(0, query.howMany)
    .map((hit) => ({ id: hit.chunkId, text: hit.text, title: hit.title, anchor: hit.anchor }));
}

/** Evenly spaced passages over the materials in upload order, short ones skipped when others exist. */
async function spread(
  db: Prisma,
  courseId: string,
  materialIds: string[],
  howMany: number,
): Promise<WriterPassage[]> {
  const chunks = await db.materialChunk.findMany({
    where: { courseId, materialId: { in: materialIds } },
    orderBy: [{ material: { createdAt: "asc" } }, { materialId: "asc" }, { ordinal: "asc" }],
    select: { id: true, tokenCount: true },
  });
  const long = chunks.filter((c) => c.tokenCount >= MIN_PASSAGE_TOKENS);
  const pool = long.length > 0 ? long : chunks;
  const step = pool.length / Math.min(howMany, pool.length);
  const ids = Array.from(
    { length: Math.min(howMany, pool.length) },
    (_, i) => pool[Math.floor(i * step)]!.id,
  );
  const rows = await db.materialChunk.findMany({
    where: { courseId, id: { in: ids } },
    select: { id: true, text: true, anchor: true, material: { select: { title: true } } },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [{ id, text: row.text, title: row.material.title, anchor: row.anchor }] : [];
  });
}
