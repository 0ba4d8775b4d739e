import { describe, expect, it } from "vitest";
import { parseCardText } from "./parse-card-text.ts";

describe("parseCardText", () => {
  it("reads an Anki 'Notes in Plain Text' export with its headers, HTML and tags column", () => {
    const text = [
      "#separator:tab",
      "#html:true",
      "#tags column:4",
      "Mitochondria\tThe cell's <b>powerhouse</b><br>makes ATP\tThink energy\tbio cells",
      "Osmosis\t&quot;Water&quot; moving across a membrane\t\t",
      "",
    ].join("\n");
    const parsed = parseCardText(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.cards).toEqual([
      {
        front: "Mitochondria",
        back: "The cell's powerhouse\nmakes ATP",
        hint: "Think energy",
        tags: ["bio", "cells"],
      },
      { front: "Osmosis", back: '"Water" moving across a membrane' },
    ]);
  });

  it("reads a comma-separated Quizlet export with CSV quotes spanning lines", () => {
    const text =
      'cell,"the smallest unit of life, per cell theory"\n"a ""quoted"" term","line one\nline two"\r\nlast,one\n';
    const parsed = parseCardText(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.cards).toEqual([
      { front: "cell", back: "the smallest unit of life, per cell theory" },
      { front: 'a "quoted" term', back: "line one\nline two" },
      { front: "last", back: "one" },
    ]);
  });

  it("keeps a Quizlet definition's own commas when the file quotes nothing", () => {
    const parsed = parseCardText("cell,the smallest unit of life, per cell theory\nATP,energy currency");
    expect(parsed.cards).toEqual([
      { front: "cell", back: "the smallest unit of life, per cell theory" },
      { front: "ATP", back: "energy currency" },
    ]);
    expect(parseCardText('"ATP","energy currency","think power"').cards).toEqual([
      { front: "ATP", back: "energy currency", hint: "think power" },
    ]);
  });

  it("keeps HTML as text when the header says html:false, and honours #separator:semicolon", () => {
    const parsed = parseCardText("#separator:semicolon\n#html:false\n<b>x</b>;y, with a comma");
    expect(parsed.cards).toEqual([{ front: "<b>x</b>", back: "y, with a comma" }]);
  });

  it("names the line of every malformed card: no separator, an empty side, over a limit, an open quote", () => {
    const text = [
      "good\tcard",
      "no separator here",
      "\tno front",
      "no back\t ",
      `long\t${"x".repeat(1600)}`,
      "",
      'open\t"never closed',
      "more",
    ].join("\n");
    const parsed = parseCardText(text);
    expect(parsed.cards).toEqual([{ front: "good", back: "card" }]);
    expect(parsed.errors).toEqual([
      { line: 2, message: "no tab between the front and the back" },
      { line: 3, message: "the front is empty" },
      { line: 4, message: "the back is empty" },
      { line: 5, message: expect.stringContaining("at most 1,500 characters") },
      { line: 7, message: "a quoted field opens here and is never closed" },
    ]);
  });

  it("counts header lines in the line numbers and skips blank lines", () => {
    const parsed = parseCardText("#separator:comma\n\nfront only\n");
    expect(parsed.errors).toEqual([{ line: 3, message: "no comma between the front and the back" }]);
  });
});
