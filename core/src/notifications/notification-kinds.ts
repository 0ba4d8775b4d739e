import type { NotificationKind } from "../db/generated/enums.ts";

/** Every notification kind, in the order settings list them. */
export const NOTIFICATION_KINDS = [
  "CARDS_DUE",
  "SESSION_REMINDER",
  "QUIZ_RESULT",
  "GRADE_SENT",
  "MODERATION_FLAG",
] as const satisfies readonly NotificationKind[];

/** The word people type for each kind ("notifications off grades") and see in settings. */
export const NOTIFICATION_KIND_WORDS: Readonly<Record<NotificationKind, string>> = Object.freeze({
  CARDS_DUE: "cards",
  SESSION_REMINDER: "sessions",
  QUIZ_RESULT: "results",
  GRADE_SENT: "grades",
  MODERATION_FLAG: "flags",
});
