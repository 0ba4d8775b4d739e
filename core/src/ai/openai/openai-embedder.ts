import type OpenAI from "openai";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import { EMBEDDING_DIMENSIONS, type Embedder, fitDimensions } from "../embedder.ts";
import { withoutPlatformReferences } from "../platform-references.ts";
import { startCallDeadline } from "./call-deadline.ts";

export interface OpenAiEmbedderOptions {
  model: string;
  /**
   * Requested vector width. OpenAI's text-embedding-3 models shorten natively; for others (Ollama,
   * vLLM) leave it unset and shorter vectors are zero-padded.
   */
  dimensions?: number;
  /** Inputs per request; OpenAI accepts up to 2,048. */
  batchSize?: number;
  /** One batch's whole call, retries and the SDK's backoff included. */
  deadlineMs: number;
}

/**
 * Embeddings through the `openai` SDK against OpenAI or any compatible server. Each batch is bounded by
 * `deadlineMs` on top of the SDK's per-attempt timeout, so retries cannot stretch a question's wait.
 */
export function createOpenAiEmbedder(client: OpenAI, options: OpenAiEmbedderOptions): Embedder {
  const dimensions =
    options.dimensions ?? (options.model.startsWith("text-embedding-3") ? EMBEDDING_DIMENSIONS : undefined);
  return {
    model: `openai:${options.model}${dimensions ? `@${dimensions}` : ""}`,
    maxBatchSize: options.batchSize ?? 256,
    async embed(texts, { signal } = {}) {
      if (texts.length === 0) return [];
      let ordered: OpenAI.Embedding[];
      const deadline = startCallDeadline({ deadlineMs: options.deadlineMs, ...(signal ? { signal } : {}) });
      try {
        const response = await deadline.bound(
          client.embeddings.create(
            {
              model: options.model,
              input: texts.map(withoutPlatformReferences),
              encoding_format: "float",
              ...(dimensions ? { dimensions } : {}),
            },
            { signal: deadline.signal },
          ),
        );
        // The API may answer out of order; `index` says which input each vector belongs to.
        ordered = [...response.data].sort((a, b) => a.index - b.index);
        if (ordered.length !== texts.length) {
          throw new Error(`expected ${texts.length} embeddings, got ${ordered.length}`);
        }
      } catch (cause) {
        const reason = deadline.reason() ?? describe(cause);
        throw new AppError(ErrorCode.AiUnavailable, `embedding request failed: ${reason}`, { cause });
      } finally {
        deadline.dispose();
      }
      // Too wide a vector is a configuration error, not an outage: retrying later will not help.
      try {
        return ordered.map((item) => fitDimensions(item.embedding, options.model));
      } catch (cause) {
        throw new AppError(ErrorCode.Config, describe(cause), { cause });
      }
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
