import { createExtractiveResponder } from "../tutor/extractive-responder.ts";
import { createLlmResponder } from "../tutor/llm-responder.ts";
import type { TutorResponder } from "../tutor/tutor-responder.ts";
import type { ChatModel } from "./chat-model.ts";
import type { Embedder } from "./embedder.ts";
import { createHashedEmbedder } from "./local/hashed-embedder.ts";
import { createOpenAiClient } from "./openai/create-openai-client.ts";
import { createOpenAiChatModel } from "./openai/openai-chat-model.ts";
import { createOpenAiEmbedder } from "./openai/openai-embedder.ts";

export type AiSettings =
  | { provider: "local" }
  | {
      provider: "openai";
      apiKey: string;
      baseURL?: string;
      chatModel: string;
      embeddingModel: string;
      embeddingDimensions?: number;
      timeoutMs: number;
      maxRetries: number;
    };

/** The AI parts the use cases need, built once at start. */
export interface Ai {
  provider: AiSettings["provider"];
  embedder: Embedder;
  responder: TutorResponder;
  /** The raw chat model (quiz generation and other structured tasks); null offline. */
  chat: ChatModel | null;
  /**
   * Cosine similarity at which a passage counts as relevant on its own. Hashed local vectors only
   * get high for near-identical wording, so offline relevance rests mostly on term coverage.
   */
  defaultMinSimilarity: number;
}

/** OpenAI (or a compatible server) when configured; otherwise the offline local provider. */
export function createAi(settings: AiSettings): Ai {
  if (settings.provider === "local") {
    return {
      provider: "local",
      embedder: createHashedEmbedder(),
      responder: createExtractiveResponder(),
      chat: null,
      defaultMinSimilarity: 0.5,
    };
  }
  const client = createOpenAiClient({
    apiKey: settings.apiKey,
    ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
    timeoutMs: settings.timeoutMs,
    maxRetries: settings.maxRetries,
  });
  // One attempt per retry plus slack for streaming the answer itself.
  const overallTimeoutMs = settings.timeoutMs * (settings.maxRetries + 1) + 30_000;
  const chat = createOpenAiChatModel(client, settings.chatModel, { overallTimeoutMs });
  return {
    provider: "openai",
    embedder: createOpenAiEmbedder(client, {
      model: settings.embeddingModel,
      ...(settings.embeddingDimensions ? { dimensions: settings.embeddingDimensions } : {}),
    }),
    responder: createLlmResponder(chat),
    chat,
    defaultMinSimilarity: 0.3,
  };
}
