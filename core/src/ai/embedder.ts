/**
 * The one embedding width the schema stores (`vector(768)` in prisma/schema.prisma). Providers whose
 * vectors are shorter are zero-padded, which leaves cosine similarity unchanged; longer vectors are a
 * configuration error (choose a model or a `dimensions` setting of at most this width).
 */
export const EMBEDDING_DIMENSIONS = 768;

/** Turns texts into vectors of {@link EMBEDDING_DIMENSIONS}. */
export interface Embedder {
  /** Recorded on every chunk; retrieval only compares vectors made by the same model. */
  readonly model: string;
  /** Most texts sent in one request. */
  readonly maxBatchSize: number;
  embed(texts: string[], options?: { signal?: AbortSignal }): Promise<number[][]>;
}

/** Pads `vector` with zeros to {@link EMBEDDING_DIMENSIONS}; throws if it is longer. */
export function fitDimensions(vector: number[], model: string): number[] {
  if (vector.length === EMBEDDING_DIMENSIONS) return vector;
  if (vector.length > EMBEDDING_DIMENSIONS) {
    throw new Error(
      `embedding model ${model} returned ${vector.length} dimensions; StudyHall stores ${EMBEDDING_DIMENSIONS}. Use a model (or OPENAI_EMBEDDING_DIMENSIONS) of at most ${EMBEDDING_DIMENSIONS}.`,
    );
  }
  return vector.concat(new Array<number>(EMBEDDING_DIMENSIONS - vector.length).fill(0));
}

/** Embeds `texts` in batches of the embedder's size, calling `onBatch` after each. */
export async function embedInBatches(
  embedder: Embedder,
  texts: string[],
  onBatch?: (done: number, total: number) => void | Promise<void>,
): Promise<number[][]> {
  const vectors: number[][] = [];
  for (let start = 0; start < texts.length; start += embedder.maxBatchSize) {
    const batch = texts.slice(start, start + embedder.maxBatchSize);
    vectors.push(...(await embedder.embed(batch)));
    await onBatch?.(vectors.length, texts.length);
  }
  return vectors;
}
