import type { ModerationKind, ModerationResult } from "./moderator.ts";

/** A flagged question: no lecture, no repetition of what was said, and a way forward. */
export const FLAGGED_QUESTION_REPLY =
  "I can't help with that here. If something is worrying you, please talk to your teacher or another adult you trust. I'm happy to help with questions about your course.";

/** A flagged answer: the tutor's own text is withheld, and the student is not blamed. */
export const FLAGGED_ANSWER_REPLY =
  "I wrote an answer that I shouldn't show, so I've held it back and let your teacher know. Please try asking in a different way, or ask your teacher.";

/**
 * Safe-messaging reply for self-harm: warm, short, no method talk, where to find help now. Follows the
 * usual safe-messaging guidance (acknowledge, encourage reaching out, give a line that answers 24/7).
 */
export const SELF_HARM_REPLY = [
  "It sounds like you might be going through something really hard. You don't have to go through this alone.",
  "Please reach out to someone you trust, like a family member, a friend, a teacher or your school counsellor.",
  "If you're in the US, you can call or text **988** (Suicide & Crisis Lifeline) any time. Elsewhere, you can find a free, confidential helpline at [findahelpline.com](https://findahelpline.com).",
  "If you are in danger right now, call your local emergency number.",
].join("\n\n");

/** What the student sees instead of an answer when `result` flagged their question or the answer. */
export function moderatedReplyText(kind: ModerationKind, result: ModerationResult): string {
  if (result.selfHarm) return SELF_HARM_REPLY;
  return kind === "question" ? FLAGGED_QUESTION_REPLY : FLAGGED_ANSWER_REPLY;
}
