import { parseNumericAnswer, type QuestionInput, questionInputSchema } from "@studyhall/core";
import { z } from "zod";

const text = z.string().max(2000).optional();
const list = z.union([z.string(), z.array(z.string())]).optional();

/** The edit form of one question, as the browser posts it (urlencoded: every value is text). */
const questionFormSchema = z.object({
  kind: z.enum(["SINGLE_CHOICE", "MULTIPLE_SELECT", "TRUE_FALSE", "SHORT_TEXT", "NUMERIC"]),
  prompt: text,
  explanation: text,
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

/**
 * Turns a posted question form into core's question input, validated by core's schema. Empty choice
 * boxes are dropped and the correct marks renumbered to the choices kept. Returns the first problem in
 * words when the form is not a valid question.
 */
export function readQuestionForm(body: unknown): { question: QuestionInput } | { error: string } {
  const form = questionFormSchema.safeParse(body);
  if (!form.success) return { error: "The form was incomplete. Reload the page and try again." };
  const f = form.data;
  const base = { prompt: f.prompt ?? "", explanation: f.explanation?.trim() ? f.explanation : null };
  let candidate: unknown;
  switch (f.kind) {
    case "SINGLE_CHOICE":
    case "MULTIPLE_SELECT": {
      const boxes = [f.choice0, f.choice1, f.choice2, f.choice3, f.choice4].map((c) => c?.trim() ?? "");
      const marked = new Set([f.correct ?? []].flat().map(Number));
      const kept = boxes.map((choice, index) => ({ choice, index })).filter((b) => b.choice.length > 0);
      const correctChoices = kept.flatMap((b, i) => (marked.has(b.index) ? [i] : []));
      if (correctChoices.length === 0) return { error: "Mark the correct choice." };
      candidate = { kind: f.kind, ...base, choices: kept.map((b) => b.choice), correctChoices };
      break;
    }
    case "TRUE_FALSE":
      if (!f.answer) return { error: "Say whether the statement is true or false." };
      candidate = { kind: f.kind, ...base, answer: f.answer === "true" };
      break;
    case "SHORT_TEXT":
      candidate = {
        kind: f.kind,
        ...base,
        acceptedAnswers: (f.acceptedAnswers ?? "")
          .split(/\r?\n/)
          .map((a) => a.trim())
          .filter(Boolean),
      };
      break;
    case "NUMERIC": {
      const numericAnswer = parseNumericAnswer(f.numericAnswer ?? "");
      const tolerance = f.tolerance?.trim() ? parseNumericAnswer(f.tolerance) : 0;
      if (numericAnswer === undefined) return { error: "The correct answer must be a number." };
      if (tolerance === undefined || tolerance < 0)
        return { error: "The accepted difference must be 0 or more." };
      candidate = { kind: f.kind, ...base, numericAnswer, tolerance };
      break;
    }
  }
  const parsed = questionInputSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path[0] ? `${String(issue.path[0])}: ` : "";
    return { error: `That question is not valid — ${field}${issue?.message ?? "check it"}.` };
  }
  return { question: parsed.data };
}
