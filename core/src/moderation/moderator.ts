/** Which side of a tutor turn is checked: the student's question or the tutor's answer. */
export type ModerationKind = "question" | "answer";

/** Which moderator decided: the provider, the local rules, or the local rules standing in for it. */
export type ModerationSource = "openai" | "local" | "local-fallback";

export interface ModerationResult {
  flagged: boolean;
  /** The categories that matched, in the provider's names (e.g. "self-harm/intent", "violence"). */
  categories: string[];
  /** True when any self-harm category matched: the reply points to help and staff are alerted. */
  selfHarm: boolean;
  source: ModerationSource;
  /** Why the provider was not used (source "local-fallback"), for the caller's log. */
  fallbackReason?: string;
}

/**
 * Checks a text before it is acted on or shown. Implementations never throw for a provider failure:
 * moderation fails open to the local rules, so a student is never left without an answer because a
 * moderation service was down.
 */
export interface Moderator {
  check(text: string, kind: ModerationKind): Promise<ModerationResult>;
}

/** Self-harm category names, as OpenAI's moderation endpoint and the local rules use them. */
export function isSelfHarmCategory(category: string): boolean {
  return category === "self-harm" || category.startsWith("self-harm/");
}
