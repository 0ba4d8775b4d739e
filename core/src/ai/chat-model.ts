export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/**
 * Asks for a reply that is one JSON document matching `schema` (OpenAI structured output). The schema
 * must follow the strict subset: every object lists all its properties as required and sets
 * `additionalProperties: false`; optional values are nullable instead.
 */
export interface ChatResponseFormat {
  /** a-z, A-Z, 0-9, `_` and `-`, at most 64 characters. */
  name: string;
  schema: Record<string, unknown>;
}

export interface ChatRequest {
  messages: ChatMessage[];
  maxTokens: number;
  temperature?: number;
  /** Structured output. Servers without it may still answer in prose, so callers parse defensively. */
  responseFormat?: ChatResponseFormat;
  /** Called with each piece of text as it streams in. Without it the reply arrives whole. */
  onDelta?: (text: string) => void;
  signal?: AbortSignal;
}

export interface ChatResult {
  text: string;
  tokensIn: number;
  tokensOut: number;
}

/** A chat-completion model (OpenAI or any compatible server). */
export interface ChatModel {
  readonly model: string;
  complete(request: ChatRequest): Promise<ChatResult>;
}
