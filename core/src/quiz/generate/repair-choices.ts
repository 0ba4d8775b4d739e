import { QUESTION_LIMITS } from "../question-input.ts";
import { seededShuffle } from "./seeded-random.ts";

export type ChoiceQuestion =
  | { kind: "SINGLE_CHOICE" | "MULTIPLE_SELECT"; choices: string[]; correctChoices: number[] }
  | { kind: "TRUE_FALSE"; answer: boolean };

interface Choice {
  text: string;
  correct: boolean;
}

/** Choices that only make sense in last place ("All of the above"); never shuffled. */
const POSITIONAL = /^(all|none|both|neither) of (the )?(above|these|them)\b|^(all|none) are correct\b/i;

/**
 * Cleans the choices of a choice question and decides its final kind. Returns a reason instead when
 * the question cannot be trusted: an answer index that points nowhere, no correct answer, a correct
 * choice that is empty or too long, or fewer than 2 choices. `seed` (the prompt) fixes the shuffle, so the right answer is not always first.
 */
export function repairChoices(
  kind: "SINGLE_CHOICE" | "MULTIPLE_SELECT" | "TRUE_FALSE" | null,
  rawChoices: unknown,
  rawCorrect: unknown,
  seed: string,
): ChoiceQuestion | string {
  if (!Array.isArray(rawChoices)) return "no choices";
  const correct = correctIndexes(rawCorrect);
  if (typeof correct === "string") return correct;
  if (correct.some((i) => i < 0 || i >= rawChoices.length)) return "answer index out of range";
  if (correct.length === 0) return "no correct answer";

  let choices: Choice[] = rawChoices.map((c, i) => ({ text: choiceText(c), correct: correct.includes(i) }));
  if (choices.some((c) => c.correct && c.text === "")) return "a correct choice is empty";
  choices = choices.filter((c) => c.text !== "");
  choices = mergeDuplicates(choices);

  const truth = trueFalseAnswer(choices);
  if (truth === "both") return "True and False both marked correct";
  if (truth !== null) return { kind: "TRUE_FALSE", answer: truth };
  if (kind === "TRUE_FALSE") return "true/false question without True and False choices";

  if (choices.some((c) => c.correct && c.text.length > QUESTION_LIMITS.choiceChars))
    return "a correct choice is too long";
  // A wrong choice that does not fit on a button is dropped, not cut: a cut one could become right.
  choices = choices.filter((c) => c.text.length <= QUESTION_LIMITS.choiceChars);
  const right = choices.filter((c) => c.correct).length;
  if (right > 1 && kind === "SINGLE_CHOICE") return "several correct answers for a single-choice question";
  if (right > QUESTION_LIMITS.maxChoices - 1) return "too many correct choices";
  choices = capChoices(choices);
  if (choices.length < QUESTION_LIMITS.minChoices) return "fewer than 2 choices";
  if (right === choices.length) return "every choice is marked correct";

  const ordered = shuffle(choices, seed);
  return {
    kind: kind ?? (right > 1 ? "MULTIPLE_SELECT" : "SINGLE_CHOICE"),
    choices: ordered.map((c) => c.text),
    correctChoices: ordered.flatMap((c, i) => (c.correct ? [i] : [])),
  };
}

function correctIndexes(raw: unknown): number[] | string {
  const list = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  const numbers: number[] = [];
  for (const value of list) {
    const n = typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
    if (typeof n !== "number" || !Number.isInteger(n)) return "answer index is not a whole number";
    if (!numbers.includes(n)) numbers.push(n);
  }
  return numbers;
}

function choiceText(value: unknown): string {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return typeof value === "string" ? value.replace(/\s+/g, " ").trim() : "";
}

/**
 * Same text once, whatever its case or spacing. A copy marked correct makes the merged choice correct:
 * a single-choice answer can mark only one of its copies, so the others say nothing against it.
 */
function mergeDuplicates(choices: Choice[]): Choice[] {
  const byKey = new Map<string, Choice>();
  for (const choice of choices) {
    const key = choice.text.toLowerCase().replace(/\s+/g, "");
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { ...choice });
    else seen.correct ||= choice.correct;
  }
  return [...byKey.values()];
}

/** The answer when the choices are exactly "True" and "False" (any order, case or full stop). */
function trueFalseAnswer(choices: Choice[]): boolean | "both" | null {
  if (choices.length !== 2) return null;
  const words = choices.map((c) => c.text.toLowerCase().replace(/\.$/, ""));
  if (!words.includes("true") || !words.includes("false")) return null;
  const picked = choices.filter((c) => c.correct);
  if (picked.length !== 1) return "both";
  return picked[0]!.text.toLowerCase().startsWith("true");
}

/** At most maxChoices, keeping every correct choice and the first wrong ones. */
function capChoices(choices: Choice[]): Choice[] {
  let wrongRoom = QUESTION_LIMITS.maxChoices - choices.filter((c) => c.correct).length;
  return choices.filter((c) => c.correct || wrongRoom-- > 0);
}

function shuffle(choices: Choice[], seed: string): Choice[] {
  const last = choices.filter((c) => POSITIONAL.test(c.text));
  return [
    ...seededShuffle(
      choices.filter((c) => !last.includes(c)),
      seed,
    ),
    ...last,
  ];
}
