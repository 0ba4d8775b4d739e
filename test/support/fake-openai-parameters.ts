// Which chat parameters the fake OpenAI server refuses, and the 400 it answers with: OpenAI's own
// bodies for its reasoning models, and an older compatible server's for parameters it does not know.
import type { ChatCompletionBody } from "./fake-openai-server.ts";

/** An OpenAI-shaped error body, as the `openai` SDK reads it into `APIError` (message, param, code). */
export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/**
 * Models the fake treats as OpenAI reasoning models (o1, o3-mini, o4-mini, gpt-5, gpt-5-mini…): like
 * OpenAI, it refuses `max_tokens` and any `temperature` other than 1 for them.
 */
export function fakeReasoningModel(model: string): boolean {
  return /^(o\d+|gpt-5)([.-]|$)/.test(model);
}

/**
 * The 400 body the fake answers `body` with, or null when it accepts the request. `unknown` lists
 * parameters the server does not know at all (an older gateway or vLLM build), refused as vLLM does.
 */
export function refusedParameter(
  body: ChatCompletionBody,
  unknown: readonly string[],
): OpenAiErrorBody | null {
  const fields: Record<string, unknown> = { ...body };
  for (const name of unknown) {
    if (name in fields) {
      return errorBody(
        `[{'type': 'extra_forbidden', 'loc': ('body', '${name}'), 'msg': 'Extra inputs are not permitted', 'input': ${JSON.stringify(fields[name])}}]`,
        "BadRequestError",
        null,
        null,
      );
    }
  }
  if (!fakeReasoningModel(body.model)) return null;
  if (body.max_tokens !== undefined) {
    return errorBody(
      "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
      "invalid_request_error",
      "max_tokens",
      "unsupported_parameter",
    );
  }
  if (body.temperature !== undefined && body.temperature !== null && body.temperature !== 1) {
    return errorBody(
      `Unsupported value: 'temperature' does not support ${body.temperature} with this model. Only the default (1) value is supported.`,
      "invalid_request_error",
      "temperature",
      "unsupported_value",
    );
  }
  return null;
}

function errorBody(
  message: string,
  type: string,
  param: string | null,
  code: string | null,
): OpenAiErrorBody {
  return { error: { message, type, param, code } };
}
