import { terms } from "../../text/terms.ts";
import { EMBEDDING_DIMENSIONS, type Embedder } from "../embedder.ts";
import { createRotation } from "./random-rotation.ts";

/** Name recorded on chunks embedded by {@link createHashedEmbedder}. Bump the version if features change. */
export const HASHED_EMBEDDER_MODEL = "local-hashed-v2";

/**
 * An offline embedder: signed feature hashing of stemmed words and word pairs, log-scaled and
 * L2-normalised, then turned by a fixed random rotation (random-rotation.ts) so that every coordinate
 * carries signal. Texts that share words land close together, which is what lexical-heavy course
 * questions need; it knows no synonyms. Deterministic, so stored vectors never go stale.
 */
export function createHashedEmbedder(): Embedder {
  return {
    model: HASHED_EMBEDDER_MODEL,
    maxBatchSize: 256,
    embed: async (texts) => texts.map(hashedVector),
  };
}

/** The vector for one text (exported for benchmarks that generate corpora). */
export function hashedVector(text: string): number[] {
  const counts = new Map<string, number>();
  const features = terms(text);
  for (let i = 0; i < features.length; i++) {
    const word = features[i]!;
    counts.set(word, (counts.get(word) ?? 0) + 1);
    if (i + 1 < features.length) {
      const pair = `${word} ${features[i + 1]}`;
      counts.set(pair, (counts.get(pair) ?? 0) + 0.5);
    }
  }
  const vector = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
  for (const [feature, count] of counts) {
    const hash = fnv1a(feature);
    const index = hash % EMBEDDING_DIMENSIONS;
    const sign = hash & 0x80000000 ? -1 : 1;
    vector[index]! += sign * (1 + Math.log(count));
  }
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : rotation.rotate(vector.map((v) => v / norm));
}

const rotation = createRotation(EMBEDDING_DIMENSIONS);

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
