import { describe, expect, it } from "vitest";
import {
  type GradableQuestion,
  gradeResponse,
  normaliseAnswerText,
  parseNumericAnswer,
} from "./grade-response.ts";

const base: GradableQuestion = {
  kind: "SINGLE_CHOICE",
  choices: ["A", "B", "C", "D"],
  correctChoices: [2],
  acceptedAnswers: [],
  numericAnswer: null,
  tolerance: null,
};

describe("gradeResponse", () => {
  it("gives full credit only for the one right choice", () => {
    expect(gradeResponse(base, { choices: [2] })).toEqual({ credit: 1, correct: true });
    expect(gradeResponse(base, { choices: [1] })).toEqual({ credit: 0, correct: false });
    expect(gradeResponse(base, { choices: [2, 1] })).toEqual({ credit: 0, correct: false });
    expect(gradeResponse(base, {})).toEqual({ credit: 0, correct: false });
  });

  it("gives partial credit for multiple select, and nothing for ticking every box", () => {
    const q: GradableQuestion = { ...base, kind: "MULTIPLE_SELECT", correctChoices: [0, 2] };
    expect(gradeResponse(q, { choices: [0, 2] })).toEqual({ credit: 1, correct: true });
    expect(gradeResponse(q, { choices: [0] })).toEqual({ credit: 0.5, correct: false });
    expect(gradeResponse(q, { choices: [0, 1] })).toEqual({ credit: 0, correct: false });
    expect(gradeResponse(q, { choices: [0, 1, 2, 3] })).toEqual({ credit: 0, correct: false });
  });

  it("accepts typed answers regardless of case, accents, articles and one typo in long words", () => {
    const q: GradableQuestion = {
      ...base,
      kind: "SHORT_TEXT",
      choices: [],
      correctChoices: [],
      acceptedAnswers: ["Mitochondria", "Café"],
    };
    expect(gradeResponse(q, { text: " the MITOCHONDRIA! " }).correct).toBe(true);
    expect(gradeResponse(q, { text: "mitochondira" }).correct).toBe(false);
    expect(gradeResponse(q, { text: "mitochondri" }).correct).toBe(true);
    expect(gradeResponse(q, { text: "cafe" }).correct).toBe(true);
    expect(gradeResponse(q, { text: "caff" }).correct).toBe(false);
    expect(gradeResponse(q, { text: "" }).correct).toBe(false);
  });

  it("accepts numbers within the tolerance", () => {
    const q: GradableQuestion = {
      ...base,
      kind: "NUMERIC",
      choices: [],
      correctChoices: [],
      numericAnswer: 9.81,
      tolerance: 0.05,
    };
    expect(gradeResponse(q, { number: 9.8 }).correct).toBe(true);
    expect(gradeResponse(q, { number: 9.86 }).correct).toBe(true);
    expect(gradeResponse(q, { number: 9.87 }).correct).toBe(false);
    expect(gradeResponse(q, {}).correct).toBe(false);
  });
});

describe("normaliseAnswerText", () => {
  it("drops case, accents, punctuation and a leading article", () => {
    expect(normaliseAnswerText("  The Krebs-cycle! ")).toBe("krebs cycle");
    expect(normaliseAnswerText("Élan")).toBe("elan");
  });
});

describe("parseNumericAnswer", () => {
  it("reads numbers the way people type them", () => {
    expect(parseNumericAnswer("42")).toBe(42);
    expect(parseNumericAnswer("3,5")).toBe(3.5);
    expect(parseNumericAnswer("2 000")).toBe(2000);
    expect(parseNumericAnswer("1,000,000")).toBe(1_000_000);
    expect(parseNumericAnswer("-3e2")).toBe(-300);
    expect(parseNumericAnswer("twelve")).toBeUndefined();
    expect(parseNumericAnswer("")).toBeUndefined();
  });
});
