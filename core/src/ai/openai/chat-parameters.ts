import OpenAI from "openai";
import type { ChatRequest, ChatResponseFormat } from "../chat-model.ts";
import { withoutPlatformReferences } from "../platform-references.ts";

/**
 * Which field carries the answer's token cap. OpenAI's current chat models take
 * `max_completion_tokens` and its reasoning models (o1, o3, o4-mini, gpt-5…) refuse the deprecated
 * `max_tokens`; some compatible servers know only `max_tokens`. `auto` sends `max_completion_tokens`
 * and switches (for that model, for the life of the process) when the server refuses it by name.
 */
export type TokenParameter = "auto" | "max_tokens" | "max_completion_tokens";

/** What one chat model accepts, learned from settings, its name and the server's refusals. */
export interface ChatParameterRules {
  tokenParameter: "max_tokens" | "max_completion_tokens";
  /** False for reasoning models, which accept only the default temperature (1), and after a refusal. */
  sendTemperature: boolean;
  /** Reasoning tokens count toward `max_completion_tokens`; this much is added so the answer still fits. */
  reasoningHeadroom: number;
  /** Whether a refusal may change the token field (only when the setting is `auto`). */
  adaptTokenParameter: boolean;
  /**
   * Answers are streamed, also when the caller wants them whole, so that a deadline can tell a slow
   * model (still sending) from a dead connection (silent). False after the server refuses to stream
   * this model (OpenAI does for some models until the organisation is verified).
   */
  stream: boolean;
}

/**
 * Tokens added to a reasoning model's cap. Without them a short answer's budget (300 tokens for a brief
 * tutor reply) can be spent entirely on hidden reasoning, and the reply arrives empty.
 */
export const REASONING_HEADROOM_TOKENS = 4_000;

/** Temperature sent when the caller sets none: low, so answers stay close to the sources. */
export const DEFAULT_TEMPERATURE = 0.2;

/**
 * OpenAI's reasoning models by name: o1, o3-mini, o4-mini, gpt-5, gpt-5-mini, gpt-5.1… A gateway's
 * prefix (`openai/o4-mini`) is ignored. Deployments with other names learn the same rules from the
 * server's first refusal.
 */
export function isReasoningModel(model: string): boolean {
  const name = model.toLowerCase().split("/").at(-1) ?? "";
  return /^(o\d+|gpt-5)([.-]|$)/.test(name);
}

/** The starting rules for `model` under the `tokenParameter` setting. */
export function initialChatParameterRules(model: string, tokenParameter: TokenParameter): ChatParameterRules {
  const reasoning = isReasoningModel(model);
  return {
    tokenParameter: tokenParameter === "max_tokens" ? "max_tokens" : "max_completion_tokens",
    sendTemperature: !reasoning,
    reasoningHeadroom: reasoning ? REASONING_HEADROOM_TOKENS : 0,
    adaptTokenParameter: tokenParameter === "auto",
    stream: true,
  };
}

/**
 * The request fields every chat call sends (tutor answers, quiz generation, anything else): the one
 * place that decides which parameters reach the provider; the caller adds `stream` when `rules.stream`. The body carries the messages and sampling
 * settings only; nothing that identifies the person asking (no `user`, no `safety_identifier`), and
 * platform mentions in the messages are replaced (see {@link withoutPlatformReferences}).
 */
export function chatCompletionParams(model: string, request: ChatRequest, rules: ChatParameterRules) {
  const cap = request.maxTokens + rules.reasoningHeadroom;
  return {
    model,
    messages: request.messages.map((message) => ({
      role: message.role,
      content: withoutPlatformReferences(message.content),
    })),
    ...(rules.tokenParameter === "max_tokens" ? { max_tokens: cap } : { max_completion_tokens: cap }),
    ...(rules.sendTemperature ? { temperature: request.temperature ?? DEFAULT_TEMPERATURE } : {}),
    ...responseFormat(request.responseFormat),
  };
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

const REFUSAL_CODES = new Set(["unsupported_parameter", "unsupported_value"]);
const REFUSAL_WORDS =
  /unsupported|not supported|unrecognized|unknown|not permitted|extra_forbidden|not allowed/i;

/**
 * The rules to retry with when `error` is a 400 refusing a parameter these rules sent, or null when it
 * is any other failure. OpenAI names the parameter in `param` and says why in `code`
 * (`unsupported_parameter`, `unsupported_value`); other servers say both only in the message, which is
 * read when `param` is absent. A value out of range ("max_tokens is too large") is not a refusal of the
 * parameter and changes nothing.
 */
export function rulesAfterRefusal(error: unknown, rules: ChatParameterRules): ChatParameterRules | null {
  if (!(error instanceof OpenAI.BadRequestError)) return null;
  const refused =
    (typeof error.code === "string" && REFUSAL_CODES.has(error.code)) || REFUSAL_WORDS.test(error.message);
  const refuses = (name: string) =>
    refused && (error.param ? error.param === name : new RegExp(`\\b${name}\\b`).test(error.message));
  if (rules.adaptTokenParameter && refuses(rules.tokenParameter)) {
    const other = rules.tokenParameter === "max_tokens" ? "max_completion_tokens" : "max_tokens";
    return { ...rules, tokenParameter: other, adaptTokenParameter: false };
  }
  if (rules.sendTemperature && refuses("temperature")) return { ...rules, sendTemperature: false };
  if (rules.stream && refuses("stream")) return { ...rules, stream: false };
  return null;
}
