import type { QuestionKind } from "../db/generated/enums.ts";

/** What a player submitted: chosen choice indexes, a typed text or a number. */
export interface QuizResponse {
  choices?: number[];
  text?: string;
  number?: number;
}

export interface GradableQuestion {
  kind: QuestionKind;
  choices: string[];
  correctChoices: number[];
  acceptedAnswers: string[];
  numericAnswer: number | null;
  tolerance: number | null;
}

export interface Grade {
  /** 0..1: 1 for fully correct, a fraction for partly correct multiple select, 0 otherwise. */
  credit: number;
  correct: boolean;
}

/**
 * Grades one response. Multiple select earns partial credit: (right picks − wrong picks) / number of
 * right answers, never below zero, so ticking every box is worth nothing.
 */
export function gradeResponse(question: GradableQuestion, response: QuizResponse): Grade {
  switch (question.kind) {
    case "SINGLE_CHOICE":
    case "TRUE_FALSE": {
      const picked = response.choices ?? [];
      const correct = picked.length === 1 && question.correctChoices.includes(picked[0] as number);
      return { credit: correct ? 1 : 0, correct };
    }
    case "MULTIPLE_SELECT": {
      const picked = new Set(response.choices ?? []);
      const right = question.correctChoices.filter((i) => picked.has(i)).length;
      const wrong = picked.size - right;
      const credit = Math.max(0, (right - wrong) / question.correctChoices.length);
      return { credit, correct: credit === 1 };
    }
    case "SHORT_TEXT": {
      const given = normaliseAnswerText(response.text ?? "");
      const correct =
        given.length > 0 &&
        question.acceptedAnswers.some((a) => matchesAcceptedText(given, normaliseAnswerText(a)));
      return { credit: correct ? 1 : 0, correct };
    }
    case "NUMERIC": {
      const n = response.number;
      const correct =
        n !== undefined &&
        Number.isFinite(n) &&
        question.numericAnswer !== null &&
        Math.abs(n - question.numericAnswer) <= (question.tolerance ?? 0) + 1e-9;
      return { credit: correct ? 1 : 0, correct };
    }
  }
}

/** Lower case, no accents, punctuation or extra spaces, no leading article: "The  Mitochondrion!" → "mitochondrion". */
export function normaliseAnswerText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .replace(/^(the|a|an) /, "");
}

/** Exact match, or one typo (edit distance 1) in an answer of 6 characters or more. */
function matchesAcceptedText(given: string, accepted: string): boolean {
  if (given === accepted) return true;
  if (accepted.length < 6 || Math.abs(given.length - accepted.length) > 1) return false;
  return editDistanceAtMostOne(given, accepted);
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (a.length < b.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/** Parses a typed number the way people write them: "1,5", "1.5", "2 000", "-3e2". */
export function parseNumericAnswer(text: string): number | undefined {
  const cleaned = text.trim().replace(/[\s_]/g, "");
  const normalised = /^-?\d+,\d+$/.test(cleaned) ? cleaned.replace(",", ".") : cleaned.replace(/,/g, "");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(normalised)) return undefined;
  const value = Number(normalised);
  return Number.isFinite(value) ? value : undefined;
}
