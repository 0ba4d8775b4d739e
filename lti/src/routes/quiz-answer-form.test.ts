import type { QuestionToAnswer } from "@studyhall/core";
import { describe, expect, it } from "vitest";
import { readQuizAnswers } from "./quiz-answer-form.ts";

const q = (id: string, kind: QuestionToAnswer["kind"], choices: string[] = []): QuestionToAnswer => ({
  id,
  position: 0,
  kind,
  prompt: "P",
  choices,
  hint: null,
});

describe("readQuizAnswers", () => {
  const questions = [
    q("a", "SINGLE_CHOICE", ["x", "y"]),
    q("b", "MULTIPLE_SELECT", ["x", "y", "z"]),
    q("c", "SHORT_TEXT"),
    q("d", "NUMERIC"),
    q("e", "TRUE_FALSE", ["True", "False"]),
  ];

  it("reads each kind of question and leaves blank ones out", () => {
    expect(
      readQuizAnswers(
        { "q-a": "1", "q-b": ["0", "2", "2"], "q-c": " Nucleus ", "q-d": "2 000", "q-e": "" },
        questions,
      ),
    ).toEqual({
      a: { choices: [1] },
      b: { choices: [0, 2] },
      c: { text: "Nucleus" },
      d: { number: 2000 },
    });
  });

  it("drops choices that are not the question's and ignores fields of other questions", () => {
    expect(readQuizAnswers({ "q-a": ["7", "0"], "q-x": "1", "q-d": "lots" }, questions)).toEqual({
      a: { choices: [0] },
      d: { choices: [] },
    });
  });
});
