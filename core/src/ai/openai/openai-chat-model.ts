import type OpenAI from "openai";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import type { ChatModel, ChatRequest, ChatResponseFormat, ChatResult } from "../chat-model.ts";

/**
 * Chat completions through the `openai` SDK, streamed when the caller wants deltas. `overallTimeoutMs`
 * bounds the whole call, retries and streaming included: the SDK's own timeout covers one attempt up to
 * its response headers only, and it honours any `Retry-After` a server sends.
 */
export function createOpenAiChatModel(
  client: OpenAI,
  model: string,
  options: { overallTimeoutMs: number },
): ChatModel {
  return {
    model: `openai:${model}`,
    async complete(request) {
      const deadline = AbortSignal.timeout(options.overallTimeoutMs);
      const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;
      try {
        const bounded = { ...request, signal };
        return request.onDelta ? await streamed(client, model, bounded) : await whole(client, model, bounded);
      } catch (cause) {
        if (cause instanceof AppError) throw cause;
        const reason = deadline.aborted ? `no answer within ${options.overallTimeoutMs} ms` : describe(cause);
        throw new AppError(ErrorCode.AiUnavailable, `chat completion failed: ${reason}`, { cause });
      }
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The `response_format` parameter for structured output; nothing when the caller wants prose. */
function responseFormat(format: ChatResponseFormat | undefined) {
  if (!format) return {};
  return {
    response_format: {
      type: "json_schema" as const,
      json_schema: { name: format.name, schema: format.schema, strict: true },
    },
  };
}

async function whole(client: OpenAI, model: string, request: ChatRequest): Promise<ChatResult> {
  const completion = await client.chat.completions.create(
    {
      model,
      messages: request.messages,
      max_tokens: request.maxTokens,
      temperature: request.temperature ?? 0.2,
      ...responseFormat(request.responseFormat),
    },
    request.signal ? { signal: request.signal } : undefined,
  );
  return {
    text: completion.choices[0]?.message.content ?? "",
    tokensIn: completion.usage?.prompt_tokens ?? 0,
    tokensOut: completion.usage?.completion_tokens ?? 0,
  };
}

async function streamed(client: OpenAI, model: string, request: ChatRequest): Promise<ChatResult> {
  const stream = await client.chat.completions.create(
    {
      model,
      messages: request.messages,
      max_tokens: request.maxTokens,
      temperature: request.temperature ?? 0.2,
      ...responseFormat(request.responseFormat),
      stream: true,
      stream_options: { include_usage: true },
    },
    request.signal ? { signal: request.signal } : undefined,
  );
  let text = "";
  let tokensIn = 0;
  let tokensOut = 0;
  for await (const chunk of stream) {
    const delta = chunk.choices[0]?.delta?.content;
    if (delta) {
      text += delta;
      request.onDelta?.(delta);
    }
    if (chunk.usage) {
      tokensIn = chunk.usage.prompt_tokens;
      tokensOut = chunk.usage.completion_tokens;
    }
  }
  return { text, tokensIn, tokensOut };
}
