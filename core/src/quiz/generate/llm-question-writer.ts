import type { ChatModel } from "../../ai/chat-model.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import { buildQuestionPrompt } from "./build-question-prompt.ts";
import { QUESTION_JSON_SCHEMA, QUESTION_SCHEMA_NAME } from "./question-json-schema.ts";
import type { QuestionWriter, WriteRequest, WrittenQuestions } from "./question-writer.ts";
import { salvageJson } from "./salvage-json.ts";

/** Answer tokens per question asked for, plus room for the JSON around them. */
const TOKENS_PER_QUESTION = 300;
const MAX_TOKENS = 8_000;
/** Calls per request: a reply with no JSON at all is asked for once more, then given up on. */
const ATTEMPTS = 2;

/**
 * Writes questions with a chat model using JSON-schema structured output. The reply is still parsed
 * defensively (compatible servers may ignore the schema and wrap JSON in prose); a reply with no
 * usable JSON is retried once, then reported as AiUnavailable. The items are returned unchecked for
 * `repairQuestions`.
 */
export function createLlmQuestionWriter(chat: ChatModel): QuestionWriter {
  return {
    model: chat.model,
    async write(request: WriteRequest): Promise<WrittenQuestions> {
      const messages = buildQuestionPrompt(request);
      let tokensIn = 0;
      let tokensOut = 0;
      let preview = "";
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        const reply = await chat.complete({
          messages,
          maxTokens: Math.min(MAX_TOKENS, 200 + TOKENS_PER_QUESTION * request.count),
          temperature: 0.3,
          responseFormat: { name: QUESTION_SCHEMA_NAME, schema: QUESTION_JSON_SCHEMA },
        });
        tokensIn += reply.tokensIn;
        tokensOut += reply.tokensOut;
        const questions = questionList(reply.text);
        if (questions) return { questions, model: chat.model, tokensIn, tokensOut };
        preview = reply.text.slice(0, 200);
      }
      throw new AppError(ErrorCode.AiUnavailable, "the model's quiz questions were not valid JSON", {
        userMessage: "The AI model did not return usable questions. Please try again in a minute.",
        details: { attempts: ATTEMPTS, preview, tokensIn, tokensOut },
      });
    },
  };
}

/** The question items in a reply: `{ questions: [...] }`, a bare array, or one question object. */
function questionList(text: string): unknown[] | null {
  const parsed = salvageJson(text);
  if (!parsed.ok) return null;
  const value = parsed.value;
  if (Array.isArray(value)) return value;
  if (typeof value !== "object" || value === null) return null;
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.questions)) return record.questions;
  return "prompt" in record || "question" in record ? [record] : null;
}
