import {
  parseNumericAnswer,
  type QuestionInput,
  type QuestionProblem,
  validateQuestion,
} from "@studyhall/core";
import { z } from "zod";
import type { QuestionFieldValues } from "../pages/question-fields.ts";

const text = z.string().max(2000).optional();
const list = z.union([z.string(), z.array(z.string())]).optional();
const KINDS = ["SINGLE_CHOICE", "MULTIPLE_SELECT", "TRUE_FALSE", "SHORT_TEXT", "NUMERIC"] as const;

/** The form of one question, as the browser posts it (urlencoded: every value is text). */
const questionFormSchema = z.object({
  kind: z.enum(KINDS),
  prompt: text,
  explanation: text,
  hint: text,
  points: text,
  timeLimitSec: text,
  choice0: text,
  choice1: text,
  choice2: text,
  choice3: text,
  choice4: text,
  correct: list,
  answer: z.enum(["true", "false"]).optional(),
  acceptedAnswers: text,
  numericAnswer: text,
  tolerance: text,
});

type QuestionForm = z.infer<typeof questionFormSchema>;

/** A form that is not a valid question: every problem by field, all of them in one line, what was typed. */
export interface QuestionFormProblems {
  error: string;
  problems: QuestionProblem[];
  /** The form as typed, to show again; absent when the form itself was not ours. */
  typed?: QuestionFieldValues;
}

/**
 * Turns a posted question form into core's question input, checked by core (problems field by
 * field). Empty choice boxes are dropped and the correct marks renumbered to the choices kept; empty
 * points and time keep the stored (or default) values.
 */
export function readQuestionForm(
  body: unknown,
): { question: QuestionInput; typed: QuestionFieldValues } | QuestionFormProblems {
  const form = questionFormSchema.safeParse(body);
  if (!form.success) {
    const error = "The form was incomplete. Reload the page and try again.";
    return { error, problems: [{ field: "kind", message: error }] };
  }
  const f = form.data;
  const typed = typedQuestion(f);
  const refuse = (problem: QuestionProblem): QuestionFormProblems => ({
    error: problem.message,
    problems: [problem],
    typed,
  });
  const base = {
    prompt: f.prompt ?? "",
    explanation: f.explanation?.trim() ? f.explanation : null,
    hint: f.hint?.trim() ? f.hint : null,
    ...(f.points?.trim() ? { points: Number(f.points.trim()) } : {}),
    ...(f.timeLimitSec?.trim() ? { timeLimitSec: Number(f.timeLimitSec.trim()) } : {}),
  };
  let candidate: unknown;
  switch (f.kind) {
    case "SINGLE_CHOICE":
    case "MULTIPLE_SELECT": {
      const boxes = typed.choices.map((c) => c.trim());
      const kept = boxes.map((choice, index) => ({ choice, index })).filter((b) => b.choice.length > 0);
      const correctChoices = kept.flatMap((b, i) => (typed.correctChoices.includes(b.index) ? [i] : []));
      candidate = { kind: f.kind, ...base, choices: kept.map((b) => b.choice), correctChoices };
      break;
    }
    case "TRUE_FALSE":
      if (!f.answer)
        return refuse({ field: "answer", message: "Say whether the statement is true or false." });
      candidate = { kind: f.kind, ...base, answer: f.answer === "true" };
      break;
    case "SHORT_TEXT":
      candidate = { kind: f.kind, ...base, acceptedAnswers: typed.acceptedAnswers };
      break;
    case "NUMERIC": {
      const numericAnswer = parseNumericAnswer(f.numericAnswer ?? "");
      const tolerance = f.tolerance?.trim() ? parseNumericAnswer(f.tolerance) : 0;
      if (numericAnswer === undefined)
        return refuse({ field: "numericAnswer", message: "The correct answer must be a number." });
      if (tolerance === undefined || tolerance < 0)
        return refuse({ field: "tolerance", message: "The accepted difference must be 0 or more." });
      candidate = { kind: f.kind, ...base, numericAnswer, tolerance };
      break;
    }
  }
  const checked = validateQuestion(candidate);
  if (!checked.problems) return { question: checked.question, typed };
  return { error: checked.problems.map((p) => p.message).join(" "), problems: checked.problems, typed };
}

/** The id of the question the page showed at that place (hidden field `question`), so a stale page changes nothing else. */
export function postedQuestionId(body: unknown): { questionId?: string } {
  const id = (body as Record<string, unknown> | undefined)?.question;
  return typeof id === "string" && id ? { questionId: id } : {};
}

/** The kind a blank "add a question" form is for, from the page's query. */
export function questionKindOf(value: unknown): QuestionFieldValues["kind"] | undefined {
  return KINDS.find((k) => k === value);
}

/** The form as the teacher typed it, to show again beside the problems. */
function typedQuestion(f: QuestionForm): QuestionFieldValues {
  const correct = f.answer
    ? [f.answer === "true" ? 0 : 1]
    : [f.correct ?? []].flat().map(Number).filter(Number.isInteger);
  return {
    kind: f.kind,
    prompt: f.prompt ?? "",
    choices: [f.choice0, f.choice1, f.choice2, f.choice3, f.choice4].map((c) => c ?? ""),
    correctChoices: correct,
    acceptedAnswers: (f.acceptedAnswers ?? "")
      .split(/\r?\n/)
      .map((a) => a.trim())
      .filter(Boolean),
    numericAnswer: f.numericAnswer ?? null,
    tolerance: f.tolerance ?? null,
    explanation: f.explanation ?? null,
    hint: f.hint ?? null,
    points: f.points ?? null,
    timeLimitSec: f.timeLimitSec ?? null,
  };
}

/** A refused form as the edit page shows it: the message, the problems by field, what was typed. */
export function formProblems(read: QuestionFormProblems): {
  message: string;
  problems: QuestionProblem[];
  typed?: QuestionFieldValues;
} {
  return { message: read.error, problems: read.problems, ...(read.typed ? { typed: read.typed } : {}) };
}
