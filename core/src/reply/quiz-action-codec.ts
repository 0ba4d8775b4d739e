import type { ReplyAction } from "./reply.ts";

// Quiz buttons carry ids of 36-character uuids; Discord allows 100 characters in a custom_id and
// Slack 255 in an action_id. One compact encoding shared by every front end keeps them equal and
// well inside both limits: "q:<op>:<id>[:<question>[:<choice>]]". Front ends add their own prefix.

type QuizAction = Extract<ReplyAction, { kind: `quiz.${string}` }>;

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const CONTROLS = ["start", "pause", "resume", "skip", "stop"] as const;
const PATTERN = new RegExp(
  `^q:(join|ans|resp|ctl|res|ok|del):(${UUID})(?::(\\d{1,3}|[a-z]+))?(?::(\\d{1,2}))?$`,
  "i",
);

/** True for quiz actions (the ones {@link encodeQuizAction} handles). */
export function isQuizAction(action: ReplyAction): action is QuizAction {
  return action.kind.startsWith("quiz.");
}

/** The compact id of a quiz action (at most 50 characters). */
export function encodeQuizAction(action: QuizAction): string {
  switch (action.kind) {
    case "quiz.join":
      return `q:join:${action.sessionId}`;
    case "quiz.answer":
      return `q:ans:${action.sessionId}:${action.questionIndex}:${action.choice}`;
    case "quiz.respond":
      return `q:resp:${action.sessionId}:${action.questionIndex}`;
    case "quiz.control":
      return `q:ctl:${action.sessionId}:${action.command}`;
    case "quiz.result":
      return `q:res:${action.sessionId}`;
    case "quiz.approve":
      return `q:ok:${action.quizId}`;
    case "quiz.discard":
      return `q:del:${action.quizId}`;
  }
}

/** The quiz action an id stands for; null for anything else, including tampered ids. */
export function decodeQuizAction(id: string): QuizAction | null {
  const m = PATTERN.exec(id);
  if (!m) return null;
  const [, op, uuid, third, fourth] = m as unknown as [
    string,
    string,
    string,
    string | undefined,
    string | undefined,
  ];
  const id36 = uuid.toLowerCase();
  const index = third !== undefined && /^\d+$/.test(third) ? Number(third) : null;
  switch (op) {
    case "join":
      return third === undefined ? { kind: "quiz.join", sessionId: id36 } : null;
    case "ans":
      return index !== null && fourth !== undefined
        ? { kind: "quiz.answer", sessionId: id36, questionIndex: index, choice: Number(fourth) }
        : null;
    case "resp":
      return index !== null && fourth === undefined
        ? { kind: "quiz.respond", sessionId: id36, questionIndex: index }
        : null;
    case "ctl": {
      const command = CONTROLS.find((c) => c === third);
      return command && fourth === undefined ? { kind: "quiz.control", sessionId: id36, command } : null;
    }
    case "res":
      return third === undefined ? { kind: "quiz.result", sessionId: id36 } : null;
    case "ok":
      return third === undefined ? { kind: "quiz.approve", quizId: id36 } : null;
    case "del":
      return third === undefined ? { kind: "quiz.discard", quizId: id36 } : null;
    default:
      return null;
  }
}
