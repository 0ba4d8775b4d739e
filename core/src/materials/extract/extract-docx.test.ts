import { Document, HeadingLevel, Packer, Paragraph, TextRun } from "docx";
import { describe, expect, it } from "vitest";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import { extractDocx } from "./extract-docx.ts";

const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
  new Paragraph({ text, heading: level });

async function makeDocx(children: Paragraph[]): Promise<Uint8Array> {
  return new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children }] })));
}

describe("extractDocx", () => {
  it("turns Word headings into section paths", async () => {
    const data = await makeDocx([
      new Paragraph("Read this before the first lab."),
      heading("Cells", HeadingLevel.HEADING_1),
      new Paragraph("All living things are made of cells."),
      heading("Membranes", HeadingLevel.HEADING_2),
      new Paragraph({
        children: [new TextRun("The membrane is "), new TextRun({ text: "selectively", bold: true })],
      }),
      new Paragraph("permeable."),
      heading("Nucleus", HeadingLevel.HEADING_2),
      new Paragraph("The nucleus holds DNA."),
      heading("Genetics", HeadingLevel.HEADING_1),
      new Paragraph("Genes are inherited."),
    ]);
    const document = await extractDocx(data);
    expect(document.units).toEqual([
      { text: "Read this before the first lab.", page: null, section: null },
      { text: "All living things are made of cells.", page: null, section: "Cells" },
      { text: "The membrane is selectively\n\npermeable.", page: null, section: "Cells › Membranes" },
      { text: "The nucleus holds DNA.", page: null, section: "Cells › Nucleus" },
      { text: "Genes are inherited.", page: null, section: "Genetics" },
    ]);
    expect(document.title).toBe("Cells");
    expect(document.pageCount).toBeNull();
  });

  it("refuses a damaged file", async () => {
    for (const data of [new TextEncoder().encode("PK\x03\x04 not really a zip"), new Uint8Array([1, 2, 3])]) {
      const error = await extractDocx(data).then(
        () => new Error("expected the file to be refused"),
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe(ErrorCode.MaterialUnreadable);
      expect((error as AppError).userMessage).toBe("This Word file is damaged and could not be opened.");
    }
  });
});
