import type { Embedder } from "../ai/embedder.ts";
import type { Prisma } from "../db/open-database.ts";
import type { Citation } from "../reply/reply.ts";
import { hybridSearch } from "../search/chunk-repository.ts";

export interface WritingPassage extends Citation {
  text: string;
}

/** Passages the feedback may cite; a few, so the request stays small. */
const FEEDBACK_PASSAGES = 6;
/** The writing's opening is enough to find what it is about. */
const QUERY_CHARS = 2_000;

/** The course passages closest to what the writing is about (hybrid search, as the tutor's), numbered 1..n. */
export async function writingPassages(
  db: Prisma,
  embedder: Embedder,
  input: { courseId: string; text: string },
): Promise<WritingPassage[]> {
  const query = input.text.slice(0, QUERY_CHARS);
  const [embedding] = await embedder.embed([query]);
  const hits = await hybridSearch(db, {
    courseId: input.courseId,
    embeddingModel: embedder.model,
    embedding: embedding!,
    text: query,
    limit: FEEDBACK_PASSAGES,
  });
  return hits.map((hit, i) => ({
    n: i + 1,
    chunkId: hit.chunkId,
    materialId: hit.materialId,
    title: hit.title,
    anchor: hit.anchor,
    text: hit.text,
  }));
}
