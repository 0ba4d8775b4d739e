export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  maxTokens: number;
  temperature?: number;
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
