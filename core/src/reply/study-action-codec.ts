import type { CardRating, ReplyAction, StudyAction } from "./reply.ts";

// The study tools' buttons share one compact encoding across front ends, as quiz buttons do:
// "s:<op>:<uuid>[:<n>[:<n>]]", at most 55 characters, inside Discord's 100-character custom_id and
// Slack's 255-character action_id. Front ends add their own prefix. "card.review" may carry no course
// (every course of the person), encoded as "s:rev:all".

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const PATTERN = new RegExp(`^s:([a-z]+):(${UUID}|all)(?::(\\d{1,6}))?(?::(\\d{1,3}))?$`, "i");

const OPS = {
  "card.review": "rev",
  "card.show": "show",
  "card.hint": "hint",
  "card.rate": "rate",
  "card.saveAnswer": "sva",
  "card.saveQuestion": "svq",
  "deck.approve": "dok",
  "deck.discard": "ddel",
  "practice.start": "pst",
  "practice.answer": "pans",
  "practice.respond": "presp",
  "practice.next": "pnext",
  "practice.retry": "pretry",
  "writing.open": "wopen",
  "writing.approve": "wok",
  "writing.discard": "wdel",
} as const satisfies Record<StudyAction["kind"], string>;

/** True for study actions (the ones {@link encodeStudyAction} handles). */
export function isStudyAction(action: ReplyAction): action is StudyAction {
  return action.kind in OPS;
}

/** The compact id of a study action (at most 55 characters). */
export function encodeStudyAction(action: StudyAction): string {
  const op = OPS[action.kind];
  switch (action.kind) {
    case "card.review":
      return `s:${op}:${action.courseId || "all"}`;
    case "card.show":
    case "card.hint":
      return `s:${op}:${action.cardId}:${action.reps}`;
    case "card.rate":
      return `s:${op}:${action.cardId}:${action.reps}:${action.rating}`;
    case "card.saveAnswer":
      return `s:${op}:${action.messageId}`;
    case "card.saveQuestion":
      return `s:${op}:${action.questionId}`;
    case "deck.approve":
    case "deck.discard":
      return `s:${op}:${action.deckId}`;
    case "practice.start":
      return `s:${op}:${action.quizId}`;
    case "practice.answer":
      return `s:${op}:${action.runId}:${action.position}:${action.choice}`;
    case "practice.respond":
      return `s:${op}:${action.runId}:${action.position}`;
    case "practice.next":
    case "practice.retry":
      return `s:${op}:${action.runId}`;
    case "writing.open":
    case "writing.approve":
    case "writing.discard":
      return `s:${op}:${action.promptId}`;
  }
}

/** The study action an id stands for; null for anything else, including tampered ids. */
export function decodeStudyAction(id: string): StudyAction | null {
  const m = PATTERN.exec(id);
  if (!m) return null;
  const [, op = "", rawId = "", third, fourth] = m;
  const kind = (Object.keys(OPS) as Array<StudyAction["kind"]>).find((k) => OPS[k] === op.toLowerCase());
  if (!kind) return null;
  const uuid = rawId.toLowerCase();
  const n3 = third === undefined ? null : Number(third);
  const n4 = fourth === undefined ? null : Number(fourth);
  const only = (action: StudyAction, wantThird: boolean, wantFourth: boolean): StudyAction | null =>
    (n3 !== null) === wantThird && (n4 !== null) === wantFourth ? action : null;
  if (uuid === "all" && kind !== "card.review") return null;
  switch (kind) {
    case "card.review":
      return only({ kind, courseId: uuid === "all" ? "" : uuid }, false, false);
    case "card.show":
    case "card.hint":
      return only({ kind, cardId: uuid, reps: n3 ?? 0 }, true, false);
    case "card.rate": {
      if (n4 === null || n4 < 1 || n4 > 4) return null;
      return only({ kind, cardId: uuid, reps: n3 ?? 0, rating: n4 as CardRating }, true, true);
    }
    case "card.saveAnswer":
      return only({ kind, messageId: uuid }, false, false);
    case "card.saveQuestion":
      return only({ kind, questionId: uuid }, false, false);
    case "deck.approve":
    case "deck.discard":
      return only({ kind, deckId: uuid }, false, false);
    case "practice.start":
      return only({ kind, quizId: uuid }, false, false);
    case "practice.answer":
      return only({ kind, runId: uuid, position: n3 ?? 0, choice: n4 ?? 0 }, true, true);
    case "practice.respond":
      return only({ kind, runId: uuid, position: n3 ?? 0 }, true, false);
    case "practice.next":
    case "practice.retry":
      return only({ kind, runId: uuid }, false, false);
    case "writing.open":
    case "writing.approve":
    case "writing.discard":
      return only({ kind, promptId: uuid }, false, false);
  }
}
