import { describe, expect, it } from "vitest";
import { chunkText } from "./chunk-text.ts";

const sentence = (i: number) => `Sentence number ${i} talks about topic ${i} in some detail.`;
const paragraph = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => sentence(from + i)).join(" ");

describe("chunkText", () => {
  it("keeps chunks near the target size with overlapping sentences", () => {
    const units = [{ text: paragraph(0, 60), page: 1, section: null }];
    const chunks = chunkText(units, { targetChars: 500, overlapChars: 120, minChars: 100 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(560);
    // The closing sentences of one chunk (up to the overlap size) open the next.
    const lastOfFirst = chunks[0]!.text.split(/(?<=\.) /).at(-1)!;
    const firstOfSecond = chunks[1]!.text.split(/(?<=\.) /)[0]!;
    expect(chunks[1]!.text.slice(0, 130)).toContain(lastOfFirst);
    expect(chunks[0]!.text).toContain(firstOfSecond);
    expect(chunks.map((c) => c.ordinal)).toEqual(chunks.map((_, i) => i));
  });

  it("closes chunks at page boundaries and anchors them to their page", () => {
    const units = [
      { text: paragraph(0, 10), page: 1, section: null },
      { text: paragraph(100, 10), page: 2, section: null },
    ];
    const chunks = chunkText(units, { targetChars: 2000, overlapChars: 100, minChars: 100 });
    expect(chunks.map((c) => c.anchor)).toEqual(["p. 1", "p. 2"]);
    expect(chunks[1]!.text).toContain("Sentence number 100 ");
    expect(chunks[1]!.text).not.toContain("Sentence number 9 ");
  });

  it("lets a small piece run into the next page and cites the range", () => {
    const units = [
      { text: "A short heading line.", page: 3, section: null },
      { text: paragraph(0, 3), page: 4, section: null },
    ];
    const [chunk] = chunkText(units, { targetChars: 900, overlapChars: 100, minChars: 250 });
    expect(chunk!.anchor).toBe("pp. 3–4");
  });

  it("anchors structured documents on their heading path", () => {
    const units = [
      { text: paragraph(0, 8), page: null, section: "Cells › Membranes" },
      { text: paragraph(50, 8), page: null, section: "Cells › Mitochondria" },
    ];
    const chunks = chunkText(units, { targetChars: 2000, overlapChars: 100, minChars: 100 });
    expect(chunks.map((c) => c.anchor)).toEqual(["Cells › Membranes", "Cells › Mitochondria"]);
  });

  it("splits a run-on passage with no sentence ends at word boundaries", () => {
    const words = Array.from({ length: 800 }, (_, i) => `word${i}`).join(" ");
    const chunks = chunkText([{ text: words, page: null, section: null }], {
      targetChars: 400,
      overlapChars: 0,
      minChars: 100,
    });
    expect(chunks.length).toBeGreaterThan(10);
    const rejoined = chunks.map((c) => c.text).join(" ");
    expect(rejoined.split(" ")).toHaveLength(800);
  });

  it("returns nothing for whitespace", () => {
    expect(chunkText([{ text: " \n\n ", page: 1, section: null }])).toEqual([]);
  });
});
