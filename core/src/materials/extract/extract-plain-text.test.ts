import { describe, expect, it } from "vitest";
import { decodeText, extractPlainText } from "./extract-plain-text.ts";

describe("decodeText", () => {
  it("decodes UTF-8 and drops the byte order mark", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("Zellkern – Kern")]);
    expect(decodeText(bytes)).toBe("Zellkern – Kern");
  });

  it("falls back to a single-byte encoding when the bytes are not UTF-8", () => {
    // "Café señor" in Latin-1: é = 0xE9 and ñ = 0xF1 are invalid as UTF-8 here.
    const bytes = new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x20, 0x73, 0x65, 0xf1, 0x6f, 0x72]);
    expect(decodeText(bytes)).toBe("Café señor");
  });

  it("decodes UTF-16 with a byte order mark", () => {
    const little = new Uint8Array([0xff, 0xfe, 0x48, 0x00, 0x69, 0x00]);
    const big = new Uint8Array([0xfe, 0xff, 0x00, 0x48, 0x00, 0x69]);
    expect(decodeText(little)).toBe("Hi");
    expect(decodeText(big)).toBe("Hi");
  });
});

describe("extractPlainText", () => {
  it("gives one unanchored unit and normalises line ends", () => {
    expect(extractPlainText("Line one\r\nLine two\rLine three\n")).toEqual({
      units: [{ text: "Line one\nLine two\nLine three", page: null, section: null }],
      pageCount: null,
      title: null,
    });
  });

  it("makes each form-feed-separated part a page, ignoring a final form feed", () => {
    const document = extractPlainText("Page one text\n\fPage two text\r\n\fPage three text\n\f");
    expect(document.pageCount).toBe(3);
    expect(document.units).toEqual([
      { text: "Page one text", page: 1, section: null },
      { text: "Page two text", page: 2, section: null },
      { text: "Page three text", page: 3, section: null },
    ]);
  });
});
