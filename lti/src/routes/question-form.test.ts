import { describe, expect, it } from "vitest";
import { readQuestionForm } from "./question-form.ts";

describe("readQuestionForm", () => {
  it("drops empty choice boxes and renumbers the correct marks to the choices kept", () => {
    const read = readQuestionForm({
      kind: "MULTIPLE_SELECT",
      prompt: "Which hold DNA?",
      choice0: "Nucleus",
      choice1: " ",
      choice2: "Mitochondria",
      choice3: "Vacuole",
      correct: ["0", "2"],
    });
    expect(read).toMatchObject({
      question: expect.objectContaining({
        kind: "MULTIPLE_SELECT",
        choices: ["Nucleus", "Mitochondria", "Vacuole"],
        correctChoices: [0, 1],
        explanation: null,
      }),
    });
  });

  it("says what is wrong in words", () => {
    expect(
      readQuestionForm({ kind: "SINGLE_CHOICE", prompt: "P", choice0: "A", choice1: "B" }),
    ).toMatchObject({
      error: "Mark the correct choice.",
      problems: [{ field: "correctChoices", message: "Mark the correct choice." }],
      typed: { choices: ["A", "B", "", "", ""], correctChoices: [] },
    });
    expect(readQuestionForm({ kind: "NUMERIC", prompt: "P", numericAnswer: "twelve" })).toMatchObject({
      error: "The correct answer must be a number.",
    });
    expect(
      readQuestionForm({ kind: "SINGLE_CHOICE", prompt: "P", choice0: "A", correct: "0" }),
    ).toMatchObject({
      error: expect.stringContaining("choices"),
    });
    expect(readQuestionForm({ kind: "ESSAY" })).toMatchObject({
      error: "The form was incomplete. Reload the page and try again.",
    });
  });

  it("reads typed answers one per line and numbers as people write them", () => {
    expect(
      readQuestionForm({ kind: "SHORT_TEXT", prompt: "P", acceptedAnswers: "nucleus\r\n\r\n the nucleus " }),
    ).toMatchObject({ question: { acceptedAnswers: ["nucleus", "the nucleus"] } });
    expect(
      readQuestionForm({ kind: "NUMERIC", prompt: "P", numericAnswer: "1,5", tolerance: "" }),
    ).toMatchObject({
      question: { numericAnswer: 1.5, tolerance: 0 },
    });
    expect(readQuestionForm({ kind: "TRUE_FALSE", prompt: "P", answer: "false" })).toMatchObject({
      question: { kind: "TRUE_FALSE", answer: false },
    });
  });
});
