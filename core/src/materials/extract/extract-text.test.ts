import { Document, HeadingLevel, Packer, Paragraph } from "docx";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import { extractText } from "./extract-text.ts";

const utf8 = (text: string) => new TextEncoder().encode(text);

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => new Error("expected the file to be refused"),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("extractText", () => {
  it("dispatches each type to its extractor", async () => {
    const markdown = await extractText("MARKDOWN", utf8("# Cells\n\n**Cells** are small."));
    expect(markdown.units).toEqual([{ text: "Cells are small.", page: null, section: "Cells" }]);

    const html = await extractText("HTML", utf8("<title>T</title><h1>Cells</h1><p>Cells are small.</p>"));
    expect(html.units).toEqual([{ text: "Cells are small.", page: null, section: "Cells" }]);
    expect(html.title).toBe("T");

    // Plain text keeps markup characters as they are.
    const text = await extractText("TEXT", utf8("# Cells\n\n**Cells** are small."));
    expect(text.units).toEqual([{ text: "# Cells\n\n**Cells** are small.", page: null, section: null }]);

    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    pdf.addPage([300, 300]).drawText("Page one", { x: 20, y: 250, size: 12, font });
    expect((await extractText("PDF", await pdf.save())).units).toEqual([
      { text: "Page one", page: 1, section: null },
    ]);

    const docx = new Document({
      sections: [
        {
          children: [
            new Paragraph({ text: "Cells", heading: HeadingLevel.HEADING_1 }),
            new Paragraph("Small."),
          ],
        },
      ],
    });
    const fromWord = await extractText("DOCX", new Uint8Array(await Packer.toBuffer(docx)));
    expect(fromWord.units).toEqual([{ text: "Small.", page: null, section: "Cells" }]);
  });

  it("drops empty units but keeps the page numbers of the others", async () => {
    const document = await extractText("TEXT", utf8("First page\f   \n\fThird page"));
    expect(document.units).toEqual([
      { text: "First page", page: 1, section: null },
      { text: "Third page", page: 3, section: null },
    ]);
    expect(document.pageCount).toBe(3);
  });

  it("refuses files with no text to learn from", async () => {
    const cases: Array<[Parameters<typeof extractText>[0], string]> = [
      ["TEXT", " \n\t\n "],
      ["TEXT", ""],
      ["HTML", "<html><head><title>Empty</title></head><body><script>x()</script></body></html>"],
      ["MARKDOWN", "# Only a heading\n\n---\n"],
    ];
    for (const [type, content] of cases) {
      const error = await rejection(extractText(type, utf8(content)));
      expect(error.code).toBe(ErrorCode.MaterialUnreadable);
      expect(error.userMessage).toBe("The file has no text to learn from.");
    }
  });

  it("keeps the more specific message for a PDF without a text layer", async () => {
    const pdf = await PDFDocument.create();
    pdf.addPage([300, 300]).drawRectangle({ x: 10, y: 10, width: 100, height: 100 });
    const error = await rejection(extractText("PDF", await pdf.save()));
    expect(error.code).toBe(ErrorCode.MaterialUnreadable);
    expect(error.userMessage).toContain("no text layer");
  });
});
