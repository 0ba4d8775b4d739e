import type { Prisma } from "../db/open-database.ts";
import type { Logger } from "../logger.ts";
import { moderatedReplyText } from "./moderation-replies.ts";
import type { ModerationKind, ModerationResult, Moderator } from "./moderator.ts";
import { recordModerationFlag } from "./record-flag.ts";

export interface ScreenInput {
  courseId: string;
  userId: string;
  kind: ModerationKind;
  text: string;
}

/** A flagged text: what to show instead, and the verdict. */
export interface Withheld {
  reply: string;
  result: ModerationResult;
  flagId: string;
}

/**
 * Checks one side of a tutor turn. Clean: null. Flagged: a ModerationFlag with its staff alerts is
 * written and the reply to show instead is returned (the safe-messaging reply for self-harm). The
 * verdict is logged with categories and ids only, never the text.
 */
export async function screenText(
  deps: { db: Prisma; moderator: Moderator; logger: Logger },
  input: ScreenInput,
): Promise<Withheld | null> {
  const result = await deps.moderator.check(input.text, input.kind);
  if (result.fallbackReason) {
    deps.logger.warn(
      { kind: input.kind, reason: result.fallbackReason },
      "moderation endpoint failed; the local rules decided",
    );
  }
  if (!result.flagged) return null;
  const { flagId, alerts } = await recordModerationFlag(deps.db, { ...input, result });
  deps.logger.warn(
    {
      kind: input.kind,
      flagId,
      categories: result.categories,
      selfHarm: result.selfHarm,
      source: result.source,
      alerts,
    },
    "moderation flagged a tutor turn",
  );
  return { reply: moderatedReplyText(input.kind, result), result, flagId };
}
