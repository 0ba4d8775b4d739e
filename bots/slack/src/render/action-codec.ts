import {
  decodeQuizAction,
  decodeStudyAction,
  encodeQuizAction,
  encodeStudyAction,
  isStudyAction,
  type ReplyAction,
} from "@studyhall/core";
import { SLACK_MAX_ACTION_ID } from "./block-kit-limits.ts";

// One encode/decode pair for the action ids of buttons rendered from the neutral Reply. Every id we
// make starts with "sh:" so Bolt listeners can match ours with one pattern and ignore anyone else's.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Matches the action ids of 👍/👎 buttons (for `app.action`). */
export const FEEDBACK_ACTION_PATTERN = /^sh:fb:/;
/** Matches the action ids of link buttons (Slack still sends a block_action that must be acked). */
export const OPEN_ACTION_PATTERN = /^sh:open/;
/** Matches the action ids of live-quiz buttons: "sh:" + core's shared quiz encoding ("q:..."). */
export const QUIZ_ACTION_PATTERN = /^sh:q:/;
/** Matches the action ids of study buttons (flashcards, practice, writing): "sh:" + core's "s:..." encoding. */
export const STUDY_ACTION_PATTERN = /^sh:s:/;
/** Matches the action id of the inbox's "Mark all read" button. */
export const NOTIFICATIONS_ACTION_PATTERN = /^sh:n:/;
const NOTIFICATIONS_READ = "sh:n:read";
/** Matches the action ids of a study session's buttons: Going / Maybe / Can't go and "I'm here". */
export const SESSION_ACTION_PATTERN = /^sh:ss:/;
const RSVP_CODES = { GOING: "g", MAYBE: "m", NOT_GOING: "n" } as const;
type RsvpChoice = keyof typeof RSVP_CODES;
const RSVP_CHOICES = new Map(
  (Object.entries(RSVP_CODES) as Array<[RsvpChoice, string]>).map(([choice, code]) => [code, choice]),
);

/**
 * The Slack action_id for a reply action. Link buttons whose URL would not fit in an action_id get a
 * plain "sh:open:<index>" id: Slack opens their URL itself, so nothing needs decoding.
 */
export function encodeAction(action: ReplyAction, index = 0): string {
  if (isStudyAction(action)) return `sh:${encodeStudyAction(action)}`;
  switch (action.kind) {
    case "tutor.feedback":
      return `sh:fb:${action.messageId}:${action.vote === 1 ? "up" : "down"}`;
    case "open": {
      const id = `sh:open:${action.url}`;
      return id.length <= SLACK_MAX_ACTION_ID ? id : `sh:open#${index}`;
    }
    case "quiz.join":
    case "quiz.answer":
    case "quiz.respond":
    case "quiz.control":
    case "quiz.result":
    case "quiz.approve":
    case "quiz.discard":
      return `sh:${encodeQuizAction(action)}`;
    case "notifications.read":
      return NOTIFICATIONS_READ;
    // Slack refuses two buttons with one action_id in a message, so the choice is part of the id.
    case "session.rsvp":
      return `sh:ss:r:${action.sessionId}:${RSVP_CODES[action.choice]}`;
    case "session.join":
      return `sh:ss:j:${action.sessionId}`;
  }
}

/** The reply action an action_id stands for; null for ids this adapter did not make. */
export function decodeAction(actionId: string): ReplyAction | null {
  const feedback = /^sh:fb:([^:]+):(up|down)$/.exec(actionId);
  if (feedback) {
    const messageId = feedback[1]!;
    if (!UUID.test(messageId)) return null;
    return { kind: "tutor.feedback", messageId, vote: feedback[2] === "up" ? 1 : -1 };
  }
  if (QUIZ_ACTION_PATTERN.test(actionId)) return decodeQuizAction(actionId.slice("sh:".length));
  if (STUDY_ACTION_PATTERN.test(actionId)) return decodeStudyAction(actionId.slice("sh:".length));
  if (actionId === NOTIFICATIONS_READ) return { kind: "notifications.read" };
  if (SESSION_ACTION_PATTERN.test(actionId)) return decodeSessionAction(actionId);
  if (actionId.startsWith("sh:open:")) {
    const url = actionId.slice("sh:open:".length);
    return /^https?:\/\//.test(url) ? { kind: "open", url } : null;
  }
  return null;
}

/** `sh:ss:r:<session id>:<g|m|n>` (an RSVP) or `sh:ss:j:<session id>` ("I'm here"). */
function decodeSessionAction(actionId: string): ReplyAction | null {
  const rsvp = /^sh:ss:r:([\w-]{1,64}):([gmn])$/.exec(actionId);
  const choice = rsvp ? RSVP_CHOICES.get(rsvp[2]!) : undefined;
  if (rsvp && choice) return { kind: "session.rsvp", sessionId: rsvp[1]!, choice };
  const join = /^sh:ss:j:([\w-]{1,64})$/.exec(actionId);
  return join ? { kind: "session.join", sessionId: join[1]! } : null;
}
