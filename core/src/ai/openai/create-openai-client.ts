import OpenAI from "openai";

export interface OpenAiClientOptions {
  apiKey: string;
  /** OpenAI by default; any compatible server (Ollama, vLLM, a gateway) otherwise. */
  baseURL?: string;
  /** Per request, in milliseconds. */
  timeoutMs: number;
  /** Retries on 408/409/429/5xx and connection errors, with exponential backoff and `Retry-After`. */
  maxRetries: number;
}

/** The SDK client. Its built-in retry honours `Retry-After` and backs off exponentially with jitter. */
export function createOpenAiClient(options: OpenAiClientOptions): OpenAI {
  return new OpenAI({
    apiKey: options.apiKey,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
  });
}
