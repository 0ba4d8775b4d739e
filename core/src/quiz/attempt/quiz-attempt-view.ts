import type { Question } from "../../db/generated/client.ts";
import type { QuestionKind } from "../../db/generated/enums.ts";
import { choiceLabel } from "../choice-label.ts";
import { correctAnswerText } from "../live/quiz-board-view.ts";

/** The chat space id of attempts made in a course's LMS pages (one FINISHED session per attempt). */
export function attemptSpaceId(courseId: string): string {
  return `lms:${courseId}`;
}

/** A question as a student sees it before answering: no answers, no explanation. */
export interface QuestionToAnswer {
  id: string;
  position: number;
  kind: QuestionKind;
  prompt: string;
  choices: string[];
  hint: string | null;
}

/** One question of a submitted attempt, with the right answer and where it comes from. */
export interface AttemptQuestionResult {
  position: number;
  prompt: string;
  kind: QuestionKind;
  /** What the student gave, in words ("" when left blank). */
  given: string;
  credit: number;
  correct: boolean;
  correctAnswer: string;
  explanation: string | null;
  citation: { title: string; anchor: string | null } | null;
}

/** A stored attempt: its totals and every question. */
export interface AttemptResult {
  sessionId: string;
  resultId: string;
  quizTitle: string;
  /** 0..1: the sum of credit over the questions. */
  accuracy: number;
  correctCount: number;
  partialCount: number;
  incorrectCount: number;
  unanswered: number;
  submittedAt: Date;
  questions: AttemptQuestionResult[];
}

export function questionToAnswer(q: Question): QuestionToAnswer {
  return { id: q.id, position: q.position, kind: q.kind, prompt: q.prompt, choices: q.choices, hint: q.hint };
}

/** A stored answer in words, as the student gave it. */
export function givenAnswerText(
  q: Pick<Question, "kind" | "choices">,
  answer: { choices: number[]; text: string | null; number: number | null } | undefined,
): string {
  if (!answer) return "";
  if (q.kind === "SHORT_TEXT") return answer.text ?? "";
  if (q.kind === "NUMERIC") return answer.number === null ? "" : String(answer.number);
  return answer.choices.map((i) => choiceLabel(q.kind, i, q.choices[i] ?? "?")).join(", ");
}

/** One question's line of a result: the answer given, the right one, the explanation and the source. */
export function questionResult(
  q: Question,
  answer:
    | { choices: number[]; text: string | null; number: number | null; credit: number; correct: boolean }
    | undefined,
): AttemptQuestionResult {
  return {
    position: q.position,
    prompt: q.prompt,
    kind: q.kind,
    given: givenAnswerText(q, answer),
    credit: answer?.credit ?? 0,
    correct: answer?.correct ?? false,
    correctAnswer: correctAnswerText(q),
    explanation: q.explanation,
    citation: q.sourceTitle ? { title: q.sourceTitle, anchor: q.sourceAnchor } : null,
  };
}
