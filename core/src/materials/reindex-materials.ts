import { type Embedder, embedInBatches } from "../ai/embedder.ts";
import type { Prisma } from "../db/open-database.ts";
import type { Logger } from "../logger.ts";
import { updateEmbeddings } from "../search/chunk-repository.ts";

export interface ReindexResult {
  materials: number;
  chunks: number;
}

/**
 * Re-embeds every chunk that was embedded by another model than `embedder`'s (after switching AI
 * provider or embedding model), one material per transaction. Until a material is done its chunks are
 * simply not found, since retrieval never mixes models.
 */
export async function reindexMaterials(
  input: { courseId?: string },
  deps: { db: Prisma; embedder: Embedder; logger: Logger },
  options: { onMaterial?: (done: number, total: number, title: string) => void } = {},
): Promise<ReindexResult> {
  const { db, embedder } = deps;
  const stale = await db.material.findMany({
    where: {
      status: "READY",
      ...(input.courseId ? { courseId: input.courseId } : {}),
      chunks: { some: { embeddingModel: { not: embedder.model } } },
    },
    select: { id: true, title: true },
    orderBy: { createdAt: "asc" },
  });
  let chunkCount = 0;
  for (const [i, material] of stale.entries()) {
    const chunks = await db.materialChunk.findMany({
      where: { materialId: material.id },
      select: { id: true, text: true, section: true },
      orderBy: { ordinal: "asc" },
    });
    const vectors = await embedInBatches(
      embedder,
      chunks.map((c) => (c.section ? `${c.section}\n${c.text}` : c.text)),
    );
    await db.$transaction(
      async (tx) => {
        await updateEmbeddings(
          tx,
          embedder.model,
          chunks.map((c, j) => ({ id: c.id, embedding: vectors[j]! })),
        );
        await tx.material.update({ where: { id: material.id }, data: { embeddingModel: embedder.model } });
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
    chunkCount += chunks.length;
    deps.logger.info({ materialId: material.id, chunks: chunks.length }, "material re-embedded");
    options.onMaterial?.(i + 1, stale.length, material.title);
  }
  return { materials: stale.length, chunks: chunkCount };
}

/** Chunks stored under other embedding models than `model`, by model: what `reindex` would fix. */
export async function countStaleChunks(
  db: Prisma,
  model: string,
): Promise<Array<{ model: string; chunks: number }>> {
  const groups = await db.materialChunk.groupBy({
    by: ["embeddingModel"],
    where: { embeddingModel: { not: model } },
    _count: { _all: true },
  });
  return groups.map((g) => ({ model: g.embeddingModel, chunks: g._count._all }));
}
