import type { Embedder } from "../../core/src/ai/embedder.ts";
import { createHashedEmbedder } from "../../core/src/ai/local/hashed-embedder.ts";

/**
 * An embedder under another model name that counts its calls. Its vectors equal the local model's, so
 * a test can tell "not searched because the model differs" from "not similar".
 */
export function createStaticEmbedder(model: string): Embedder & { calls: number } {
  const inner = createHashedEmbedder();
  const embedder = {
    model,
    maxBatchSize: inner.maxBatchSize,
    calls: 0,
    async embed(texts: string[]) {
      embedder.calls++;
      return inner.embed(texts);
    },
  };
  return embedder;
}
