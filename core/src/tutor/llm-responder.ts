import type { ChatModel } from "../ai/chat-model.ts";
import { buildTutorPrompt, MAX_ANSWER_TOKENS } from "./build-tutor-prompt.ts";
import type { TutorResponder } from "./tutor-responder.ts";

/** A responder that asks a chat model, streaming when the caller passes `onDelta`. */
export function createLlmResponder(chat: ChatModel): TutorResponder {
  return {
    model: chat.model,
    async respond(turn) {
      const result = await chat.complete({
        messages: buildTutorPrompt(turn),
        maxTokens: MAX_ANSWER_TOKENS[turn.preferences.detailLevel],
        ...(turn.onDelta ? { onDelta: turn.onDelta } : {}),
      });
      return { text: result.text.trim(), tokensIn: result.tokensIn, tokensOut: result.tokensOut };
    },
  };
}
