import { QUESTION_LIMITS, type QuestionInput, questionInputSchema } from "../question-input.ts";
import { type ChoiceQuestion, repairChoices } from "./repair-choices.ts";

export interface DroppedQuestion {
  /** Position of the item in the writer's output. */
  index: number;
  reason: string;
}

export interface RepairedQuestions {
  questions: QuestionInput[];
  dropped: DroppedQuestion[];
}

type Kind = QuestionInput["kind"];
type Fields = Record<string, unknown>;

/**
 * Turns a writer's raw items into valid questions, repairing what can be repaired and dropping the
 * rest with a reason, so bad model output is never shown. Passage `n` of the writer's prompt is
 * `passageIds[n - 1]`; it becomes the question's source. Pure and deterministic.
 */
export function repairQuestions(items: readonly unknown[], passageIds: readonly string[]): RepairedQuestions {
  const questions: QuestionInput[] = [];
  const dropped: DroppedQuestion[] = [];
  const prompts = new Map<string, number>();
  for (const [index, item] of items.entries()) {
    const repaired = repairOne(item, passageIds);
    const twin = typeof repaired === "string" ? undefined : prompts.get(promptKey(repaired.prompt));
    if (typeof repaired === "string") dropped.push({ index, reason: repaired });
    else if (twin !== undefined) dropped.push({ index, reason: `same prompt as item ${twin}` });
    else {
      prompts.set(promptKey(repaired.prompt), index);
      questions.push(repaired);
    }
  }
  return { questions, dropped };
}

function repairOne(item: unknown, passageIds: readonly string[]): QuestionInput | string {
  if (typeof item !== "object" || item === null || Array.isArray(item)) return "not a question object";
  const fields = item as Fields;
  const prompt = cleanText(fields.prompt ?? fields.question);
  if (!prompt) return "no prompt";
  const passage = passageNumber(fields.passage ?? fields.source);
  if (passage === null || passage < 1 || passage > passageIds.length) return "unknown passage number";

  const body = answerPart(fields, prompt);
  if (typeof body === "string") return body;
  const parsed = questionInputSchema.safeParse({
    ...body,
    prompt,
    explanation: explanation(fields.explanation),
    difficulty: difficulty(fields.difficulty),
    sourceChunkId: passageIds[passage - 1],
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `invalid: ${issue?.path.join(".") || "question"} ${issue?.message ?? ""}`.trim();
  }
  return parsed.data;
}

/** The kind-specific fields, or the reason the item is unusable. */
function answerPart(fields: Fields, prompt: string): ChoiceQuestion | Fields | string {
  const kind = normaliseKind(fields.kind);
  const choices = fields.choices ?? fields.options;
  const correct = fields.correct ?? fields.correctChoices ?? fields.correct_choices ?? fields.answer_index;
  const hasChoices = Array.isArray(choices) && choices.length > 0;
  switch (kind) {
    case "SINGLE_CHOICE":
    case "MULTIPLE_SELECT":
      return repairChoices(kind, choices, correct, prompt);
    case "MULTIPLE_CHOICE":
      return repairChoices(null, choices, correct, prompt);
    case "TRUE_FALSE":
      if (typeof fields.answer === "boolean" && !hasChoices) return { kind, answer: fields.answer };
      return repairChoices(kind, choices, correct, prompt);
    case "SHORT_TEXT":
      return shortText(fields);
    case "NUMERIC":
      return numeric(fields);
    default:
      return hasChoices
        ? repairChoices(null, choices, correct, prompt)
        : `unknown kind ${String(fields.kind)}`;
  }
}

function shortText(fields: Fields): Fields | string {
  const raw = fields.accepted_answers ?? fields.acceptedAnswers ?? fields.answer;
  const list = (Array.isArray(raw) ? raw : [raw]).map(cleanText).filter((a) => a !== "");
  const seen = new Set<string>();
  const accepted = list.filter((answer) => {
    const key = answer.toLowerCase();
    if (seen.has(key) || answer.length > QUESTION_LIMITS.choiceChars) return false;
    seen.add(key);
    return true;
  });
  if (accepted.length === 0) return "no accepted answer";
  return { kind: "SHORT_TEXT", acceptedAnswers: accepted.slice(0, 10) };
}

function numeric(fields: Fields): Fields | string {
  const answer = toNumber(fields.numeric_answer ?? fields.numericAnswer ?? fields.answer);
  if (answer === null) return "no numeric answer";
  const tolerance = toNumber(fields.tolerance);
  return { kind: "NUMERIC", numericAnswer: answer, tolerance: tolerance === null ? 0 : Math.abs(tolerance) };
}

function normaliseKind(value: unknown): Kind | "MULTIPLE_CHOICE" | null {
  if (typeof value !== "string") return null;
  const kind = value
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, "_");
  const known = [
    "SINGLE_CHOICE",
    "MULTIPLE_SELECT",
    "TRUE_FALSE",
    "SHORT_TEXT",
    "NUMERIC",
    "MULTIPLE_CHOICE",
  ];
  return known.includes(kind) ? (kind as Kind | "MULTIPLE_CHOICE") : null;
}

function passageNumber(value: unknown): number | null {
  const n = typeof value === "string" ? Number(value.replace(/^\s*\[?\s*|\s*\]?\s*$/g, "")) : value;
  return typeof n === "number" && Number.isInteger(n) ? n : null;
}

function toNumber(value: unknown): number | null {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value.replace(/,/g, "")) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : null;
}

function cleanText(value: unknown): string {
  return typeof value === "string" ? value.replace(/\s+/g, " ").trim() : "";
}

/** An over-long explanation is shortened rather than costing the question. */
function explanation(value: unknown): string | null {
  const text = cleanText(value);
  if (!text) return null;
  const max = QUESTION_LIMITS.explanationChars;
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function difficulty(value: unknown): "EASY" | "MEDIUM" | "HARD" | undefined {
  const level = typeof value === "string" ? value.trim().toUpperCase() : "";
  return level === "EASY" || level === "MEDIUM" || level === "HARD" ? level : undefined;
}

/** Prompts that differ only in case, spacing or final punctuation are the same question. */
function promptKey(prompt: string): string {
  return prompt
    .toLowerCase()
    .replace(/[\s.?!:]+$/, "")
    .replace(/\s+/g, " ");
}
