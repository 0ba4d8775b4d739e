import { createLocalModerator } from "../moderation/local-rules.ts";
import type { Moderator } from "../moderation/moderator.ts";
import { createOpenAiModerator } from "../moderation/openai-moderator.ts";
import { createExtractiveResponder } from "../tutor/extractive-responder.ts";
import { createLlmResponder } from "../tutor/llm-responder.ts";
import type { TutorResponder } from "../tutor/tutor-responder.ts";
import type { ChatModel } from "./chat-model.ts";
import type { Embedder } from "./embedder.ts";
import { createHashedEmbedder } from "./local/hashed-embedder.ts";
import type { TokenParameter } from "./openai/chat-parameters.ts";
import { createOpenAiClient } from "./openai/create-openai-client.ts";
import { createOpenAiChatModel } from "./openai/openai-chat-model.ts";
import { createOpenAiEmbedder } from "./openai/openai-embedder.ts";

/** The whole of one call to the AI provider (retries, backoff and a streamed answer included). */
export const DEFAULT_AI_DEADLINE_MS = 120_000;

export type AiSettings =
  | { provider: "local" }
  | {
      provider: "openai";
      apiKey: string;
      baseURL?: string;
      chatModel: string;
      embeddingModel: string;
      embeddingDimensions?: number;
      /**
       * The longest the provider may stay silent: before a response starts (per attempt) and between two
       * pieces of a streamed answer.
       */
      timeoutMs: number;
      maxRetries: number;
      /** One call's whole time, every attempt included; {@link DEFAULT_AI_DEADLINE_MS} when unset. */
      deadlineMs?: number;
      /** Which field carries the token cap; `auto` when unset (see {@link TokenParameter}). */
      tokenParameter?: TokenParameter;
      /** The moderation model (default omni-moderation-latest) and how long a check may take. */
      moderationModel?: string;
      moderationDeadlineMs?: number;
    };

/** The AI parts the use cases need, built once at start. */
export interface Ai {
  provider: AiSettings["provider"];
  embedder: Embedder;
  responder: TutorResponder;
  /** Checks questions and answers: the provider's moderation endpoint, or the local rules offline. */
  moderator: Moderator;
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
      moderator: createLocalModerator(),
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
  const deadlineMs = settings.deadlineMs ?? DEFAULT_AI_DEADLINE_MS;
  const chat = createOpenAiChatModel(client, settings.chatModel, {
    deadlineMs,
    idleMs: settings.timeoutMs,
    ...(settings.tokenParameter ? { tokenParameter: settings.tokenParameter } : {}),
  });
  return {
    provider: "openai",
    embedder: createOpenAiEmbedder(client, {
      model: settings.embeddingModel,
      deadlineMs,
      ...(settings.embeddingDimensions ? { dimensions: settings.embeddingDimensions } : {}),
    }),
    responder: createLlmResponder(chat),
    moderator: createOpenAiModerator(client, {
      ...(settings.moderationModel ? { model: settings.moderationModel } : {}),
      ...(settings.moderationDeadlineMs ? { deadlineMs: settings.moderationDeadlineMs } : {}),
    }),
    chat,
    defaultMinSimilarity: 0.3,
  };
}
