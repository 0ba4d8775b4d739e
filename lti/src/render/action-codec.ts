import {
  decodeQuizAction,
  decodeStudyAction,
  encodeQuizAction,
  encodeStudyAction,
  isQuizAction,
  isStudyAction,
  type ReplyAction,
} from "@studyhall/core";

// The value of the `action` field a rendered button posts: quiz and study actions in core's shared
// compact encodings, 👍/👎 as "fb:<message id>:up|down", the inbox's "Mark all read" as "n:read". Link
// actions render as links and need no id.

const NOTIFICATIONS_READ = "n:read";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The form value for a button's action; null for link actions (they are rendered as links). */
export function encodeAction(action: ReplyAction): string | null {
  if (action.kind === "open") return null;
  if (action.kind === "tutor.feedback") return `fb:${action.messageId}:${action.vote === 1 ? "up" : "down"}`;
  if (action.kind === "notifications.read") return NOTIFICATIONS_READ;
  if (isQuizAction(action)) return encodeQuizAction(action);
  if (isStudyAction(action)) return encodeStudyAction(action);
  return null;
}

/** The action a posted value stands for; null for anything this renderer did not make. */
export function decodeAction(value: string): ReplyAction | null {
  if (value === NOTIFICATIONS_READ) return { kind: "notifications.read" };
  const feedback = /^fb:([^:]+):(up|down)$/.exec(value);
  if (feedback) {
    return UUID.test(feedback[1]!)
      ? { kind: "tutor.feedback", messageId: feedback[1]!.toLowerCase(), vote: feedback[2] === "up" ? 1 : -1 }
      : null;
  }
  return decodeQuizAction(value) ?? decodeStudyAction(value);
}
