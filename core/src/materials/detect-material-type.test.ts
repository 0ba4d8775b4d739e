import { Document, Packer, Paragraph } from "docx";
import { describe, expect, it } from "vitest";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { detectMaterialType, type MaterialHints } from "./detect-material-type.ts";

const IMAGE_MESSAGE =
  "Images are not supported yet. Upload a PDF with a text layer, or paste the text into a .txt or .md file.";
const SUPPORTED = "PDF, Word (.docx), Markdown, HTML or plain text";

/** Bytes from a string whose characters are all below 256 (so "\x89" is the byte 0x89). */
const bytes = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));
const utf8 = (text: string) => new TextEncoder().encode(text);
const noHints: MaterialHints = {};

function refusal(data: Uint8Array, hints: MaterialHints = noHints): AppError {
  try {
    detectMaterialType(data, hints);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(ErrorCode.UnsupportedMaterial);
    return error as AppError;
  }
  throw new Error("expected the file to be refused");
}

describe("detectMaterialType", () => {
  it("recognises a PDF by its header, whatever its name", () => {
    expect(detectMaterialType(bytes("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), { fileName: "notes.txt" })).toBe(
      "PDF",
    );
    expect(detectMaterialType(bytes("junk\r\n%PDF-1.4\n"), { fileName: "scan.PDF" })).toBe("PDF");
  });

  it("recognises a Word file as a ZIP holding word/document.xml", async () => {
    const docx = new Uint8Array(
      await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph("Hi")] }] })),
    );
    expect(detectMaterialType(docx, { fileName: null, contentType: "application/octet-stream" })).toBe(
      "DOCX",
    );
  });

  it("refuses other ZIP files, naming what to upload instead", () => {
    const zip = (entry: string) => bytes(`PK\x03\x04\x14\x00\x00\x00\x08\x00${entry}\x00\x00PK\x01\x02`);
    const spreadsheet = refusal(zip("xl/workbook.xml"), { fileName: "grades.xlsx" });
    expect(spreadsheet.userMessage).toContain("Spreadsheets");
    expect(spreadsheet.userMessage).toContain(SUPPORTED);
    expect(refusal(zip("ppt/presentation.xml")).userMessage).toContain("PowerPoint");
    expect(refusal(zip("mimetypeapplication/vnd.oasis.opendocument.text")).userMessage).toContain(
      "OpenDocument",
    );
    const archive = refusal(zip("readme.txt"), { fileName: "week1.zip" });
    expect(archive.userMessage).toContain("ZIP");
    expect(archive.userMessage).toContain(SUPPORTED);
  });

  it("refuses images by their bytes, name or content type", () => {
    const images = [
      bytes("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
      bytes("\xff\xd8\xff\xe0\x00\x10JFIF"),
      bytes("GIF89a\x01\x00\x01\x00"),
      bytes("RIFF\x24\x00\x00\x00WEBPVP8 "),
      bytes("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00"),
      bytes("II*\x00\x08\x00\x00\x00"),
      bytes("MM\x00*\x00\x00\x00\x08"),
    ];
    for (const image of images) expect(refusal(image).userMessage).toBe(IMAGE_MESSAGE);
    expect(refusal(utf8("not really a photo"), { fileName: "IMG_0001.HEIC" }).userMessage).toBe(
      IMAGE_MESSAGE,
    );
    expect(refusal(utf8("<svg></svg>"), { fileName: "diagram.svg" }).userMessage).toBe(IMAGE_MESSAGE);
    expect(refusal(utf8("???"), { contentType: "image/png" }).userMessage).toBe(IMAGE_MESSAGE);
  });

  it("refuses legacy Office files and other binaries", () => {
    const ole = bytes("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00");
    expect(refusal(ole, { fileName: "essay.doc" }).userMessage).toContain(".docx");
    expect(refusal(ole, { fileName: "grades.xls" }).userMessage).toContain(SUPPORTED);
    const binary = refusal(bytes("\x7fELF\x02\x01\x01\x00\x00\x00"), { fileName: "program" });
    expect(binary.userMessage).toContain(SUPPORTED);
    // Invalid UTF-8 with no text extension is not guessed at.
    expect(refusal(bytes("\xc3\x28 broken"), { fileName: "data.bin" }).userMessage).toContain(SUPPORTED);
    // A text extension does not make binary bytes text.
    expect(refusal(bytes("# Notes\x00\x00\x01"), { fileName: "notes.md" }).code).toBe(
      ErrorCode.UnsupportedMaterial,
    );
  });

  it("sends files that only claim to be PDF or Word to their extractor, which explains", () => {
    expect(detectMaterialType(utf8("hello"), { fileName: "slides.pdf" })).toBe("PDF");
    expect(detectMaterialType(utf8("hello"), { contentType: "application/pdf" })).toBe("PDF");
    expect(detectMaterialType(utf8("hello"), { fileName: "essay.docx" })).toBe("DOCX");
  });

  it("tells the text formats apart by extension, content type and content", () => {
    const text = utf8("Some notes about cells.");
    expect(detectMaterialType(text, { fileName: "notes.md" })).toBe("MARKDOWN");
    expect(detectMaterialType(text, { fileName: "notes.markdown" })).toBe("MARKDOWN");
    expect(detectMaterialType(text, { contentType: "text/markdown; charset=utf-8" })).toBe("MARKDOWN");
    expect(detectMaterialType(text, { fileName: "page.HTM" })).toBe("HTML");
    expect(detectMaterialType(text, { fileName: "page.html" })).toBe("HTML");
    expect(detectMaterialType(text, { contentType: "text/html" })).toBe("HTML");
    expect(detectMaterialType(utf8("<!DOCTYPE html><p>Hi</p>"), noHints)).toBe("HTML");
    expect(detectMaterialType(utf8("\ufeff\n  <html lang='en'><p>Hi</p></html>"), { fileName: "x" })).toBe(
      "HTML",
    );
    expect(detectMaterialType(text, { fileName: "notes.txt" })).toBe("TEXT");
    expect(detectMaterialType(text, { contentType: "text/plain" })).toBe("TEXT");
    expect(detectMaterialType(text, { fileName: "lecture.log" })).toBe("TEXT");
    expect(detectMaterialType(utf8("<p>A .txt stays text</p>"), { fileName: "a.txt" })).toBe("TEXT");
  });

  it("accepts legacy-encoded and UTF-16 text files", () => {
    expect(detectMaterialType(bytes("Caf\xe9 cr\xe8me"), { fileName: "menu.txt" })).toBe("TEXT");
    expect(detectMaterialType(bytes("\xff\xfeH\x00i\x00"), { fileName: "notes.txt" })).toBe("TEXT");
    expect(detectMaterialType(bytes("\xff\xfeH\x00i\x00"), noHints)).toBe("TEXT");
  });
});
