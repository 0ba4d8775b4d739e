import {
  decodeQuizAction,
  decodeStudyAction,
  encodeQuizAction,
  encodeStudyAction,
  isQuizAction,
  isStudyAction,
  type ReplyAction,
} from "@studyhall/core";

// One encode/decode pair for the custom ids of buttons we render. Ids are short (Discord allows 100
// characters) and carry everything the handler needs, so no state is kept between render and click.
// Quiz and study actions use core's shared compact encodings behind our prefix ("sh:q:ans:<session>:0:2",
// "sh:s:rate:<card>:3:2").

const PREFIX = "sh";
const FEEDBACK = /^sh:fb:([0-9a-f-]{36}):(up|down)$/;
const QUIZ_PREFIX = `${PREFIX}:`;
const NOTIFICATIONS_READ = `${PREFIX}:n:read`;
/** A study session's buttons: "sh:ss:rsvp:<session>:G" (Going, Maybe, Not going) and "sh:ss:join:<session>". */
const SESSION_RSVP = /^sh:ss:rsvp:([0-9a-f-]{36}):([GMN])$/;
const SESSION_JOIN = /^sh:ss:join:([0-9a-f-]{36})$/;
const RSVP_LETTERS = { GOING: "G", MAYBE: "M", NOT_GOING: "N" } as const;
const RSVP_OF_LETTER = { G: "GOING", M: "MAYBE", N: "NOT_GOING" } as const;

/** The custom id for a button action; null for actions Discord shows as link buttons instead. */
export function encodeAction(action: ReplyAction): string | null {
  if (isQuizAction(action)) return `${QUIZ_PREFIX}${encodeQuizAction(action)}`;
  if (isStudyAction(action)) return `${QUIZ_PREFIX}${encodeStudyAction(action)}`;
  switch (action.kind) {
    case "tutor.feedback":
      return `${PREFIX}:fb:${action.messageId}:${action.vote === 1 ? "up" : "down"}`;
    case "open":
      return null;
    case "notifications.read":
      return NOTIFICATIONS_READ;
    case "session.rsvp":
      return `${PREFIX}:ss:rsvp:${action.sessionId}:${RSVP_LETTERS[action.choice]}`;
    case "session.join":
      return `${PREFIX}:ss:join:${action.sessionId}`;
  }
}

/** The action a custom id stands for; null for ids this codec did not make. */
export function decodeAction(customId: string): ReplyAction | null {
  const feedback = FEEDBACK.exec(customId);
  if (feedback) {
    return { kind: "tutor.feedback", messageId: feedback[1]!, vote: feedback[2] === "up" ? 1 : -1 };
  }
  if (customId === NOTIFICATIONS_READ) return { kind: "notifications.read" };
  const rsvp = SESSION_RSVP.exec(customId);
  if (rsvp) {
    const choice = RSVP_OF_LETTER[rsvp[2] as keyof typeof RSVP_OF_LETTER];
    return { kind: "session.rsvp", sessionId: rsvp[1]!, choice };
  }
  const join = SESSION_JOIN.exec(customId);
  if (join) return { kind: "session.join", sessionId: join[1]! };
  if (customId.startsWith(`${QUIZ_PREFIX}q:`)) return decodeQuizAction(customId.slice(QUIZ_PREFIX.length));
  if (customId.startsWith(`${QUIZ_PREFIX}s:`)) return decodeStudyAction(customId.slice(QUIZ_PREFIX.length));
  return null;
}
