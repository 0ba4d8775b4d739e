import type OpenAI from "openai";
import { startCallDeadline } from "../ai/openai/call-deadline.ts";
import { withoutPlatformReferences } from "../ai/platform-references.ts";
import { localVerdict } from "./local-rules.ts";
import { isSelfHarmCategory, type ModerationResult, type Moderator } from "./moderator.ts";

/** OpenAI's current moderation model (text and images, free of charge). */
export const DEFAULT_MODERATION_MODEL = "omni-moderation-latest";

/**
 * How long a question may wait for the moderation endpoint before the local rules decide instead. A
 * moderation call normally takes a few hundred milliseconds; this bounds the student's extra wait.
 */
export const DEFAULT_MODERATION_DEADLINE_MS = 3_000;

export interface OpenAiModeratorOptions {
  model?: string;
  deadlineMs?: number;
}

/**
 * Moderation through the provider's `/moderations` endpoint. It fails open: an error, a refusal or a
 * call slower than the deadline makes the local rules decide (source "local-fallback"), so a
 * moderation outage never leaves a student without an answer and still catches plainly worded harm;
 * `fallbackReason` says why, for the caller's log.
 * Mentions carrying platform ids are replaced before the text leaves, as for every provider call.
 */
export function createOpenAiModerator(client: OpenAI, options: OpenAiModeratorOptions = {}): Moderator {
  const model = options.model ?? DEFAULT_MODERATION_MODEL;
  const deadlineMs = options.deadlineMs ?? DEFAULT_MODERATION_DEADLINE_MS;
  return {
    async check(text, kind) {
      const deadline = startCallDeadline({ deadlineMs });
      try {
        const response = await deadline.bound(
          client.moderations.create(
            { model, input: withoutPlatformReferences(text) },
            { signal: deadline.signal },
          ),
        );
        const [result] = response.results;
        if (!result) throw new Error("the moderation response held no result");
        return verdict(result.categories as unknown as Record<string, boolean>, result.flagged);
      } catch (error) {
        // The caller logs the reason with its own request's context.
        return {
          ...localVerdict(text, kind, "local-fallback"),
          fallbackReason: deadline.reason() ?? describe(error),
        };
      } finally {
        deadline.dispose();
      }
    },
  };
}

function verdict(categories: Record<string, boolean>, flagged: boolean): ModerationResult {
  const matched = Object.entries(categories)
    .filter(([, on]) => on === true)
    .map(([name]) => name);
  return {
    flagged: flagged || matched.length > 0,
    categories: matched,
    selfHarm: matched.some(isSelfHarmCategory),
    source: "openai",
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
