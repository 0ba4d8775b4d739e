import { describe, expect, it } from "vitest";
import { describeQuizShortfall, quizShortfall } from "./quiz-shortfall.ts";

describe("quizShortfall", () => {
  it("is null when every question asked for was kept", () => {
    expect(quizShortfall({ requested: 2, written: 3, dropped: 1, kept: 2 })).toBeNull();
  });

  it("blames too little material when the writer could not write as many as asked for", () => {
    const shortfall = quizShortfall({ requested: 2, written: 1, dropped: 0, kept: 1 })!;
    expect(shortfall).toEqual({ reason: "little_material", requested: 2, kept: 1 });
    expect(describeQuizShortfall(shortfall)).toBe(
      "You asked for 2 questions and got 1: the materials do not hold enough distinct facts for more. Add materials, or choose a wider topic, for a longer quiz.",
    );
  });

  it("says questions were left out when enough were written but some failed the checks", () => {
    const shortfall = quizShortfall({ requested: 3, written: 5, dropped: 3, kept: 2 })!;
    expect(shortfall.reason).toBe("dropped");
    expect(describeQuizShortfall(shortfall)).toMatch(
      /^You asked for 3 questions and got 2: the other questions/,
    );
  });
});
