import { PDFDocument, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { drawable, guidePdf, wrap } from "./guide-pdf.ts";
import type { GuideContent } from "./study-guide-types.ts";

const content = (text: string): GuideContent => ({
  sections: [
    {
      heading: "Φωτοσύνθεση · 光合作用",
      material: "Reader",
      summary: [{ text, cites: [1] }],
      terms: [
        { term: "Chlorophyll", definition: "Chlorophyll is the pigment that absorbs light. 🌿", cites: [1] },
      ],
      questions: [{ question: "What absorbs light?", answer: "Chlorophyll", cites: [1] }],
    },
  ],
  sources: [{ n: 1, chunkId: "c1", materialId: "m1", title: "Reader", anchor: "Ch. 2" }],
});

async function charset() {
  const doc = await PDFDocument.create();
  return new Set((await doc.embedFont(StandardFonts.Helvetica)).getCharacterSet());
}

describe("guidePdf", () => {
  it("draws non-Latin text as replacements instead of failing, and the PDF parses back", async () => {
    const bytes = await guidePdf({
      title: "Guide: 光合作用 and café",
      method: "EXTRACTIVE",
      model: null,
      content: content("Ο ήλιος δίνει ενέργεια. Plants make sugar — «vite».\nNew line\tand tab."),
    });
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBe(1);
    expect(pdf.getTitle()).toBe("Guide: 光合作用 and café");
  });

  it("keeps WinAnsi characters, reduces accented letters to their base and replaces the rest", async () => {
    const set = await charset();
    expect(drawable("café – naïve “quoted” › €", set)).toBe("café – naïve “quoted” › €");
    expect(drawable("Ω 光 ő 🌿", set)).toBe("? ? o ?");
    expect(drawable("a\nb\tc", set)).toBe("a b c");
  });

  it("wraps long text onto several pages and cuts a word longer than a line", async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const lines = wrap(`${"x".repeat(300)} short words here`, font, 10, 200);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(font.widthOfTextAtSize(line, 10)).toBeLessThanOrEqual(200);
    const long = await guidePdf({
      title: "Long",
      method: "MODEL",
      model: "gpt-test",
      content: content(Array.from({ length: 600 }, (_, i) => `word${i}`).join(" ")),
    });
    expect((await PDFDocument.load(long)).getPageCount()).toBeGreaterThan(1);
  });
});
