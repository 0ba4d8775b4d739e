import { describe, expect, it } from "vitest";
import { sentences, stem, termCoverage, terms } from "./terms.ts";

describe("terms", () => {
  it("drops stopwords and stems plurals and verb forms to shared roots", () => {
    expect(terms("What do the mitochondria produce?")).toEqual(["mitochondria", "produc"]);
    expect(stem("cells")).toBe(stem("cell"));
    expect(stem("producing")).toBe(stem("produce"));
    expect(stem("studies")).toBe("study");
  });

  it("measures how much of a question a passage covers", () => {
    expect(termCoverage("mitochondria produce ATP", "Mitochondria produce ATP for the cell.")).toBe(1);
    expect(termCoverage("mitochondria produce ATP", "The nucleus holds chromosomes.")).toBe(0);
    expect(termCoverage("the of and", "anything")).toBe(0);
  });

  it("splits sentences without breaking abbreviations into fragments of words", () => {
    expect(sentences("Cells divide. Then they grow! Do they? 3 phases follow.")).toEqual([
      "Cells divide.",
      "Then they grow!",
      "Do they?",
      "3 phases follow.",
    ]);
  });
});
