import { readFileSync } from "node:fs";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import { extractPdf } from "./extract-pdf.ts";

/** A text drawn at (x, y) in points from the bottom left, 12 pt Helvetica. */
interface Run {
  text: string;
  x?: number;
  y: number;
}

async function makePdf(pages: Run[][], options: { title?: string } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  if (options.title) doc.setTitle(options.title);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const runs of pages) {
    const page = doc.addPage([400, 400]);
    for (const run of runs) page.drawText(run.text, { x: run.x ?? 40, y: run.y, size: 12, font });
  }
  return doc.save();
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => new Error("expected the PDF to be refused"),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("extractPdf", () => {
  it("gives one unit per page, numbered from 1, with that page's text", async () => {
    const data = await makePdf([
      [{ text: "Mitochondria produce ATP.", y: 350 }],
      [{ text: "Ribosomes build proteins.", y: 350 }],
      [{ text: "Lysosomes digest waste.", y: 350 }],
    ]);
    const document = await extractPdf(data);
    expect(document.pageCount).toBe(3);
    expect(document.units).toEqual([
      { text: "Mitochondria produce ATP.", page: 1, section: null },
      { text: "Ribosomes build proteins.", page: 2, section: null },
      { text: "Lysosomes digest waste.", page: 3, section: null },
    ]);
  });

  it("keeps line breaks, turns a wide gap into a paragraph break and joins runs on one line", async () => {
    const data = await makePdf([
      [
        { text: "The cell membrane is", y: 350 },
        { text: "selectively permeable.", y: 336 },
        { text: "Osmosis", y: 300 },
        { text: "moves water.", x: 100, y: 300 },
      ],
    ]);
    const [unit] = (await extractPdf(data)).units;
    expect(unit?.text).toBe("The cell membrane is\nselectively permeable.\n\nOsmosis moves water.");
  });

  it("reads the title from the metadata, and gives null without one", async () => {
    const titled = await makePdf([[{ text: "Chapter one", y: 350 }]], { title: "Cell Biology 101" });
    expect((await extractPdf(titled)).title).toBe("Cell Biology 101");
    const untitled = await makePdf([[{ text: "Chapter one", y: 350 }]]);
    expect((await extractPdf(untitled)).title).toBeNull();
  });

  it("leaves the caller's bytes intact and accepts a Node Buffer", async () => {
    const data = await makePdf([[{ text: "Buffers are fine", y: 350 }]]);
    const length = data.byteLength;
    await extractPdf(data);
    // pdfjs detaches the array it is handed; the extractor must hand it a copy.
    expect(data.byteLength).toBe(length);
    const document = await extractPdf(Buffer.from(data));
    expect(document.units[0]?.text).toBe("Buffers are fine");
  });

  it("refuses a PDF with no text layer and suggests OCR", async () => {
    const doc = await PDFDocument.create();
    doc.addPage([400, 400]).drawRectangle({ x: 50, y: 50, width: 200, height: 100 });
    const error = await rejection(extractPdf(await doc.save()));
    expect(error.code).toBe(ErrorCode.MaterialUnreadable);
    expect(error.userMessage).toContain("no text layer");
    expect(error.userMessage).toContain("OCR");
  });

  it("refuses a password-protected PDF", async () => {
    const data = new Uint8Array(readFileSync(new URL("./fixtures/password-protected.pdf", import.meta.url)));
    const error = await rejection(extractPdf(data));
    expect(error.code).toBe(ErrorCode.MaterialUnreadable);
    expect(error.userMessage).toContain("password-protected");
  });

  it("refuses garbage behind a PDF header and a truncated file as damaged", async () => {
    const garbage = new TextEncoder().encode("%PDF-1.7\nthis is not really a PDF at all\n");
    const valid = await makePdf([[{ text: "Soon cut off", y: 350 }], [{ text: "Second page", y: 350 }]]);
    for (const data of [garbage, valid.slice(0, Math.floor(valid.byteLength * 0.4))]) {
      const error = await rejection(extractPdf(data));
      expect(error.code).toBe(ErrorCode.MaterialUnreadable);
      expect(error.userMessage).toContain("damaged");
    }
  });
});
