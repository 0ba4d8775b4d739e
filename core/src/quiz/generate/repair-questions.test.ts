import { describe, expect, it } from "vitest";
import { QUESTION_LIMITS, type QuestionInput } from "../question-input.ts";
import { repairQuestions } from "./repair-questions.ts";

const PASSAGES = ["11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"];

function item(overrides: Record<string, unknown> = {}) {
  return {
    kind: "SINGLE_CHOICE",
    prompt: "What do mitochondria produce?",
    choices: ["ATP", "DNA", "Glucose", "Oxygen"],
    correct: [0],
    accepted_answers: [],
    numeric_answer: null,
    tolerance: null,
    explanation: "Mitochondria produce ATP.",
    difficulty: "EASY",
    passage: 1,
    ...overrides,
  };
}

/** The text of the correct choices of a repaired choice question. */
function rightAnswers(question: QuestionInput | undefined): string[] {
  if (!question || (question.kind !== "SINGLE_CHOICE" && question.kind !== "MULTIPLE_SELECT"))
    throw new Error(`not a choice question: ${JSON.stringify(question)}`);
  return question.correctChoices.map((i) => question.choices[i]!);
}

function one(raw: Record<string, unknown>) {
  const result = repairQuestions([raw], PASSAGES);
  return { question: result.questions[0], dropped: result.dropped };
}

describe("repairQuestions", () => {
  it("keeps a valid question, citing the passage it names", () => {
    const { question, dropped } = one(item({ passage: 2 }));
    expect(dropped).toEqual([]);
    expect(question).toMatchObject({
      kind: "SINGLE_CHOICE",
      prompt: "What do mitochondria produce?",
      explanation: "Mitochondria produce ATP.",
      difficulty: "EASY",
      sourceChunkId: PASSAGES[1],
    });
    expect(rightAnswers(question)).toEqual(["ATP"]);
    expect(question && "choices" in question && [...question.choices].sort()).toEqual(
      ["ATP", "DNA", "Glucose", "Oxygen"].sort(),
    );
  });

  it("shuffles choices by prompt: the same every time, and the answer not always first", () => {
    const items = Array.from({ length: 8 }, (_, n) => item({ prompt: `Question number ${n}?` }));
    const first = repairQuestions(items, PASSAGES).questions;
    expect(repairQuestions(items, PASSAGES).questions).toEqual(first);
    expect(first.map(rightAnswers)).toEqual(items.map(() => ["ATP"]));
    const positions = new Set(first.map((q) => ("correctChoices" in q ? q.correctChoices[0] : -1)));
    expect(positions.size).toBeGreaterThan(1);
  });

  it("trims text and drops empty choices, remapping the correct index", () => {
    const { question } = one(
      item({
        prompt: "  What do\n mitochondria   produce? ",
        choices: ["", " DNA ", "  ", "ATP", "RNA"],
        correct: [3],
      }),
    );
    expect(question?.prompt).toBe("What do mitochondria produce?");
    expect(rightAnswers(question)).toEqual(["ATP"]);
    expect(question && "choices" in question && question.choices).toHaveLength(3);
  });

  it("merges duplicate choices whatever their case and spacing, a correct copy making it correct", () => {
    const { question, dropped } = one(item({ choices: ["DNA", "A T P", "atp", "RNA", "dna"], correct: [2] }));
    expect(dropped).toEqual([]);
    expect(rightAnswers(question)).toEqual(["A T P"]);
    expect(question && "choices" in question && question.choices).toHaveLength(3);
  });

  it("drops a question left with one choice after merging", () => {
    expect(one(item({ choices: ["ATP", " atp", "ATP "], correct: [0] })).dropped).toEqual([
      { index: 0, reason: "fewer than 2 choices" },
    ]);
  });

  it("caps the choices, keeping the correct one", () => {
    const choices = ["A1", "B2", "C3", "D4", "E5", "F6", "G7"];
    const { question } = one(item({ choices, correct: [6] }));
    expect(question && "choices" in question && question.choices).toHaveLength(QUESTION_LIMITS.maxChoices);
    expect(rightAnswers(question)).toEqual(["G7"]);
  });

  it("turns a True/False choice pair into a true/false question", () => {
    const { question } = one(
      item({ prompt: "Mitochondria make ATP.", choices: ["false", "True"], correct: [1] }),
    );
    expect(question).toMatchObject({ kind: "TRUE_FALSE", answer: true, sourceChunkId: PASSAGES[0] });
    const falseOne = one(
      item({ kind: "TRUE_FALSE", prompt: "Ribosomes make ATP.", choices: ["True", "False"], correct: [1] }),
    );
    expect(falseOne.question).toMatchObject({ kind: "TRUE_FALSE", answer: false });
  });

  it("keeps 'All of the above' last", () => {
    const { question } = one(item({ choices: ["All of the above", "ATP", "DNA", "RNA"], correct: [1] }));
    expect(question && "choices" in question && question.choices.at(-1)).toBe("All of the above");
  });

  it("handles short-text and numeric questions", () => {
    const result = repairQuestions(
      [
        item({
          kind: "SHORT_TEXT",
          prompt: "Name the energy currency.",
          choices: [],
          correct: [],
          accepted_answers: ["ATP", "atp", " adenosine triphosphate "],
        }),
        item({
          kind: "NUMERIC",
          prompt: "How many membranes has a mitochondrion?",
          choices: [],
          correct: [],
          numeric_answer: "2",
          tolerance: -0.5,
        }),
        item({ kind: "NUMERIC", prompt: "How many?", choices: [], correct: [], numeric_answer: null }),
        item({ kind: "SHORT_TEXT", prompt: "Name it.", choices: [], correct: [], accepted_answers: ["  "] }),
      ],
      PASSAGES,
    );
    expect(result.questions).toEqual([
      expect.objectContaining({ kind: "SHORT_TEXT", acceptedAnswers: ["ATP", "adenosine triphosphate"] }),
      expect.objectContaining({ kind: "NUMERIC", numericAnswer: 2, tolerance: 0.5 }),
    ]);
    expect(result.dropped).toEqual([
      { index: 2, reason: "no numeric answer" },
      { index: 3, reason: "no accepted answer" },
    ]);
  });

  it("shortens an over-long explanation instead of dropping the question", () => {
    const { question } = one(item({ explanation: "Because. ".repeat(100) }));
    expect(question?.explanation).toHaveLength(QUESTION_LIMITS.explanationChars);
    expect(question?.explanation?.endsWith("…")).toBe(true);
  });

  it("removes a wrong choice too long for a button, but drops a question whose answer is", () => {
    const long = "x".repeat(QUESTION_LIMITS.choiceChars + 1);
    const { question } = one(item({ choices: ["ATP", long, "DNA", "RNA"], correct: [0] }));
    expect(question && "choices" in question && question.choices).not.toContain(long);
    expect(one(item({ choices: [long, "DNA", "RNA"], correct: [0] })).dropped[0]?.reason).toBe(
      "a correct choice is too long",
    );
  });

  it.each([
    ["an answer index out of range", { correct: [4] }, "answer index out of range"],
    ["a negative answer index", { correct: [-1] }, "answer index out of range"],
    ["a fractional answer index", { correct: [0.5] }, "answer index is not a whole number"],
    ["no correct answer", { correct: [] }, "no correct answer"],
    [
      "a correct choice that is empty",
      { choices: [" ", "DNA", "RNA"], correct: [0] },
      "a correct choice is empty",
    ],
    ["fewer than 2 choices", { choices: ["ATP", "atp"], correct: [0, 1] }, "fewer than 2 choices"],
    ["no choices at all", { choices: "ATP or DNA" }, "no choices"],
    [
      "two answers to a single-choice question",
      { correct: [0, 1] },
      "several correct answers for a single-choice question",
    ],
    [
      "True and False both right",
      { choices: ["True", "False"], correct: [0, 1] },
      "True and False both marked correct",
    ],
    [
      "a true/false question without True and False",
      { kind: "TRUE_FALSE", choices: ["Yes", "No"] },
      "true/false question without True and False choices",
    ],
    [
      "every choice correct",
      { kind: "MULTIPLE_SELECT", choices: ["ATP", "DNA"], correct: [0, 1] },
      "every choice is marked correct",
    ],
    ["passage 0", { passage: 0 }, "unknown passage number"],
    ["a passage number not given", { passage: 3 }, "unknown passage number"],
    ["no passage", { passage: null }, "unknown passage number"],
    ["no prompt", { prompt: "   " }, "no prompt"],
    ["an unknown kind without choices", { kind: "ESSAY", choices: [] }, "unknown kind ESSAY"],
  ])("drops %s", (_name, overrides, reason) => {
    const { question, dropped } = one(item(overrides));
    expect(question).toBeUndefined();
    expect(dropped).toEqual([{ index: 0, reason }]);
  });

  it("drops what fails the question schema, and items that are not objects", () => {
    const result = repairQuestions(
      [item({ prompt: `${"Why ".repeat(130)}?` }), "a question", null, [1]],
      PASSAGES,
    );
    expect(result.questions).toEqual([]);
    expect(result.dropped[0]).toEqual({ index: 0, reason: expect.stringMatching(/^invalid: prompt /) });
    expect(result.dropped.slice(1).map((d) => d.reason)).toEqual([
      "not a question object",
      "not a question object",
      "not a question object",
    ]);
  });

  it("drops a question whose prompt repeats an earlier one", () => {
    const result = repairQuestions(
      [
        item(),
        item({ prompt: "what do  mitochondria produce", choices: ["ATP", "NADPH"] }),
        item({ prompt: "What do ribosomes make?", choices: ["Proteins", "Lipids"] }),
      ],
      PASSAGES,
    );
    expect(result.questions.map((q) => q.prompt)).toEqual([
      "What do mitochondria produce?",
      "What do ribosomes make?",
    ]);
    expect(result.dropped).toEqual([{ index: 1, reason: "same prompt as item 0" }]);
  });

  it("reads a multiple-select question with several answers", () => {
    const { question } = one(
      item({
        kind: "MULTIPLE_SELECT",
        prompt: "Which are made in chloroplasts?",
        choices: ["Oxygen", "Sugars", "DNA polymerase", "Chromosomes"],
        correct: [0, 1],
      }),
    );
    expect(question?.kind).toBe("MULTIPLE_SELECT");
    expect(rightAnswers(question).sort()).toEqual(["Oxygen", "Sugars"]);
  });
});
