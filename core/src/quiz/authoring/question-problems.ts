import type { z } from "zod";
import { QUESTION_LIMITS, type QuestionInput, questionInputSchema } from "../question-input.ts";

/** A form field of a question, as every front end names it. */
export type QuestionField =
  | "kind"
  | "prompt"
  | "choices"
  | "correctChoices"
  | "answer"
  | "acceptedAnswers"
  | "numericAnswer"
  | "tolerance"
  | "explanation"
  | "hint"
  | "points"
  | "timeLimitSec";

/** One thing wrong with a question: the field to show it next to and a sentence a teacher can act on. */
export interface QuestionProblem {
  field: QuestionField;
  message: string;
}

const L = QUESTION_LIMITS;

/**
 * Checks one question as a teacher wrote it and says what is wrong in words, field by field. Blank
 * explanations and hints count as none, so an emptied box clears them instead of failing.
 */
export function validateQuestion(
  input: unknown,
): { question: QuestionInput; problems?: undefined } | { problems: QuestionProblem[] } {
  const parsed = questionInputSchema.safeParse(blankToNull(input));
  if (parsed.success) return { question: parsed.data };
  const kind = (input as { kind?: unknown } | null)?.kind;
  const seen = new Set<string>();
  const problems: QuestionProblem[] = [];
  for (const issue of parsed.error.issues) {
    const problem = describeIssue(issue, kind);
    if (seen.has(problem.field)) continue;
    seen.add(problem.field);
    problems.push(problem);
  }
  return { problems };
}

/** "Question 3: Mark at least one correct choice." — the problems of a numbered question in one line. */
export function questionProblemsText(problems: QuestionProblem[], number?: number): string {
  const text = problems.map((p) => p.message).join(" ");
  return number === undefined ? text : `Question ${number}: ${text}`;
}

function blankToNull(input: unknown): unknown {
  if (!input || typeof input !== "object") return input;
  const copy: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const key of ["explanation", "hint"])
    if (typeof copy[key] === "string" && !(copy[key] as string).trim()) copy[key] = null;
  return copy;
}

function describeIssue(issue: z.core.$ZodIssue, kind: unknown): QuestionProblem {
  const [head, index] = issue.path;
  const field = (typeof head === "string" ? head : "kind") as QuestionField;
  const nth = typeof index === "number" ? index + 1 : undefined;
  const big = issue.code === "too_big";
  const say = (message: string): QuestionProblem => ({ field, message });
  switch (field) {
    case "prompt":
      return say(big ? `Keep the question under ${L.promptChars} characters.` : "Write the question.");
    case "choices":
      if (nth !== undefined)
        return say(
          big ? `Choice ${nth} is longer than ${L.choiceChars} characters.` : `Choice ${nth} is empty.`,
        );
      if (issue.code === "custom") return say("Choices must be different from each other.");
      return say(big ? `Give at most ${L.maxChoices} choices.` : `Give at least ${L.minChoices} choices.`);
    case "correctChoices":
      if (issue.code === "custom") return say(`${capitalise(issue.message)}.`);
      if (kind === "SINGLE_CHOICE")
        return say(big ? "Mark only one correct choice." : "Mark the correct choice.");
      return say("Mark at least one correct choice.");
    case "answer":
      return say("Say whether the statement is true or false.");
    case "acceptedAnswers":
      if (nth !== undefined)
        return say(
          big
            ? `Accepted answer ${nth} is longer than ${L.choiceChars} characters.`
            : `Accepted answer ${nth} is empty.`,
        );
      return say(big ? "Give at most 10 accepted answers." : "Give at least one accepted answer.");
    case "numericAnswer":
      return say("The correct answer must be a number.");
    case "tolerance":
      return say("The accepted difference must be a number, 0 or more.");
    case "explanation":
      return say(`Keep the explanation under ${L.explanationChars} characters.`);
    case "hint":
      return say("Keep the hint under 300 characters.");
    case "points":
      return say(`Points must be a whole number from 0 to ${L.maxPoints}.`);
    case "timeLimitSec":
      return say(`Time must be a whole number of seconds from ${L.minSeconds} to ${L.maxSeconds}.`);
    default:
      return { field: "kind", message: "Choose a question type." };
  }
  function capitalise(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
  }
}
