import type { z } from "zod";
import type { ChatMessage, ChatModel } from "../ai/chat-model.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { salvageJson } from "../quiz/generate/salvage-json.ts";

/** Calls per request: a reply that is not the JSON asked for is asked for once more, then given up on. */
const ATTEMPTS = 2;

export interface JsonRequest<S extends z.ZodType> {
  messages: ChatMessage[];
  maxTokens: number;
  /** The structured-output schema's name (a-z, 0-9, `_`). */
  name: string;
  /** OpenAI's strict JSON schema for the reply. */
  jsonSchema: Record<string, unknown>;
  /** The same shape in zod: the reply is checked with it whatever the server did with the schema. */
  parse: S;
  /** Said to the person when no usable reply came back. */
  failure: string;
}

export interface JsonReply<T> {
  value: T;
  tokensIn: number;
  tokensOut: number;
}

/**
 * One JSON document from the chat model, checked with zod. Compatible servers may ignore the schema
 * and wrap JSON in prose, so the reply is salvaged first; a reply that still does not fit is asked for
 * once more, then reported as AiUnavailable with the tokens spent in its details.
 */
export async function completeJson<S extends z.ZodType>(
  chat: ChatModel,
  request: JsonRequest<S>,
): Promise<JsonReply<z.output<S>>> {
  let tokensIn = 0;
  let tokensOut = 0;
  let preview = "";
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const reply = await chat
      .complete({
        messages: request.messages,
        maxTokens: request.maxTokens,
        temperature: 0.2,
        responseFormat: { name: request.name, schema: request.jsonSchema },
      })
      .catch((error: unknown) => {
        throw withTokens(error, tokensIn, tokensOut);
      });
    tokensIn += reply.tokensIn;
    tokensOut += reply.tokensOut;
    const salvaged = salvageJson(reply.text);
    if (salvaged.ok) {
      const parsed = request.parse.safeParse(salvaged.value);
      if (parsed.success) return { value: parsed.data, tokensIn, tokensOut };
    }
    preview = reply.text.slice(0, 200);
  }
  throw new AppError(ErrorCode.AiUnavailable, `the model's ${request.name} was not valid JSON`, {
    userMessage: request.failure,
    details: { attempts: ATTEMPTS, preview, tokensIn, tokensOut },
  });
}

/** An error of a later attempt still carries the tokens the earlier ones spent. */
function withTokens(error: unknown, tokensIn: number, tokensOut: number): unknown {
  if (tokensIn === 0 && tokensOut === 0) return error;
  if (error instanceof AppError)
    return new AppError(error.code, error.message, {
      userMessage: error.userMessage,
      details: { ...error.details, tokensIn, tokensOut },
      cause: error,
    });
  return error;
}
