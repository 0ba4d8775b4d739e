import type OpenAI from "openai";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import type { ChatModel, ChatRequest, ChatResult } from "../chat-model.ts";
import { type CallDeadline, startCallDeadline } from "./call-deadline.ts";
import {
  type ChatParameterRules,
  chatCompletionParams,
  initialChatParameterRules,
  rulesAfterRefusal,
  type TokenParameter,
} from "./chat-parameters.ts";

export interface OpenAiChatModelOptions {
  /** The whole call: every attempt, the SDK's backoff (it honours `Retry-After`) and the streamed answer. */
  deadlineMs: number;
  /** Longest silence between two pieces of a streamed answer. */
  idleMs: number;
  /** Which field carries the token cap; `auto` (the default) learns it from the server's refusals. */
  tokenParameter?: TokenParameter;
}

/** A refusal changes one rule, so a call is sent at most once per rule that can change, plus once. */
const MAX_SENDS = 4;

/**
 * Chat completions through the `openai` SDK. Answers stream (the caller's `onDelta` sees each piece),
 * and every call is bounded: the SDK's timeout covers one attempt up to the response's first bytes,
 * `idleMs` each silence after that, `deadlineMs` the whole call. The parameters come from
 * {@link chatCompletionParams}; a 400 refusing one of them by name (a reasoning model refusing
 * `max_tokens` or `temperature`, an older server not knowing `max_completion_tokens`) is retried at
 * once without it, and remembered for this model for the life of the process.
 */
export function createOpenAiChatModel(
  client: OpenAI,
  model: string,
  options: OpenAiChatModelOptions,
): ChatModel {
  let rules = initialChatParameterRules(model, options.tokenParameter ?? "auto");
  return {
    model: `openai:${model}`,
    async complete(request) {
      const deadline = startCallDeadline({
        deadlineMs: options.deadlineMs,
        idleMs: options.idleMs,
        ...(request.signal ? { signal: request.signal } : {}),
      });
      try {
        for (let send = 1; ; send++) {
          const used = rules;
          try {
            return used.stream
              ? await streamed(client, model, used, request, deadline)
              : await whole(client, model, used, request, deadline);
          } catch (error) {
            // Another call may have learned the same lesson meanwhile: apply it to the current rules.
            if (send >= MAX_SENDS || !rulesAfterRefusal(error, used)) throw error;
            rules = rulesAfterRefusal(error, rules) ?? rules;
          }
        }
      } catch (cause) {
        if (cause instanceof AppError) throw cause;
        const reason = deadline.reason() ?? describe(cause);
        throw new AppError(ErrorCode.AiUnavailable, `chat completion failed: ${reason}`, { cause });
      } finally {
        deadline.dispose();
      }
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function whole(
  client: OpenAI,
  model: string,
  rules: ChatParameterRules,
  request: ChatRequest,
  deadline: CallDeadline,
): Promise<ChatResult> {
  const completion = await deadline.bound(
    client.chat.completions.create(chatCompletionParams(model, request, rules), { signal: deadline.signal }),
  );
  const text = completion.choices[0]?.message.content ?? "";
  if (text) request.onDelta?.(text);
  return {
    text,
    tokensIn: completion.usage?.prompt_tokens ?? 0,
    tokensOut: completion.usage?.completion_tokens ?? 0,
  };
}

async function streamed(
  client: OpenAI,
  model: string,
  rules: ChatParameterRules,
  request: ChatRequest,
  deadline: CallDeadline,
): Promise<ChatResult> {
  const stream = await deadline.bound(
    client.chat.completions.create(
      {
        ...chatCompletionParams(model, request, rules),
        stream: true,
        stream_options: { include_usage: true },
      },
      { signal: deadline.signal },
    ),
  );
  let text = "";
  let tokensIn = 0;
  let tokensOut = 0;
  deadline.heard();
  for await (const chunk of stream) {
    deadline.heard();
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
  // The SDK ends an aborted stream quietly, as if it were complete: a cut-off answer must not pass.
  if (deadline.signal.aborted) throw deadline.signal.reason;
  return { text, tokensIn, tokensOut };
}
