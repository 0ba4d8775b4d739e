import { describe, expect, it } from "vitest";
import { buildXlsx, buildZip, kahootSheet, xlsxParts } from "../../../../test/support/xlsx-builder.ts";
import { AppError } from "../../errors/app-error.ts";
import { parseQuizRecords, parseQuizSheet } from "./parse-quiz-csv.ts";
import { describeProblems, QUIZ_FILE_LIMITS } from "./quiz-csv-format.ts";
import { readXlsxSheet, XLSX_LIMITS } from "./read-xlsx-sheet.ts";

const KAHOOT_CSV = [
  "Quiz template,,,,,,,",
  ",,,,,,,",
  ',Question - max 120 characters,Answer 1 - max 75 characters,Answer 2 - max 75 characters,Answer 3 - max 75 characters,Answer 4 - max 75 characters,"Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",Correct answer(s) - choose at least one',
  "1,Which rock holds water best?,Granite,Sandstone,Clay,Basalt,20,2",
  '2,Which are aquifers? (A & B <both>),Sandstone,Granite,Gravel,,30,"1,3"',
].join("\r\n");

/** The same two questions in Kahoot's .xlsx: shared strings, an inline string and numbers. */
const KAHOOT_XLSX = buildXlsx([
  kahootSheet([
    ["Which rock holds water best?", "Granite", "Sandstone", { inline: "Clay" }, "Basalt", 20, 2],
    ["Which are aquifers? (A & B <both>)", "Sandstone", "Granite", "Gravel", null, 30, "1,3"],
  ]),
]);

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw new Error(`expected an AppError, got ${String(error)}`);
  }
  throw new Error("expected a refusal");
}

describe("readXlsxSheet", () => {
  it("reads Kahoot's template as the same questions as its CSV-saved version, on the sheet's rows", () => {
    const records = readXlsxSheet(KAHOOT_XLSX);
    expect(records[0]).toEqual({ line: 2, fields: ["", "Quiz template"] });
    const fromXlsx = parseQuizRecords(records);
    const fromCsv = parseQuizSheet(KAHOOT_CSV);
    expect(fromXlsx.problems).toBeUndefined();
    if (fromXlsx.problems || fromCsv.problems) return;
    expect(fromXlsx.layout).toBe("kahoot");
    expect(fromXlsx.questions.map((q) => q.question)).toEqual(fromCsv.questions.map((q) => q.question));
    expect(fromXlsx.questions.map((q) => q.line)).toEqual([9, 10]);
    expect(fromXlsx.questions[1]!.question).toMatchObject({ prompt: "Which are aquifers? (A & B <both>)" });
  });

  it("names the sheet's row and the column of a malformed row", () => {
    const parsed = parseQuizRecords(
      readXlsxSheet(
        buildXlsx([
          kahootSheet([
            ["Fine?", "Yes", "No", null, null, 20, 1],
            ["Which?", "a", "b", null, null, 20, 5],
          ]),
        ]),
      ),
    );
    expect(parsed.problems).toEqual([
      { line: 10, column: "Correct answer(s)", message: "'5' is not one of the choices 1–4." },
    ]);
    expect(describeProblems(parsed.problems!, "Row")).toContain(
      "Row 10, column 'Correct answer(s)': '5' is not one of the choices 1–4.",
    );
  });

  it("reads the first sheet in tab order, whatever its part is called", () => {
    const bytes = buildXlsx(
      [
        {
          name: "Quiz",
          rows: [
            ["type", "question", "choice_1", "choice_2", "correct"],
            ["single_choice", "Q?", "a", "b", 2],
          ],
        },
        { name: "Notes", rows: [["not a quiz"]] },
      ],
      { reversedParts: true },
    );
    const parsed = parseQuizRecords(readXlsxSheet(bytes));
    expect(parsed.problems).toBeUndefined();
    expect(!parsed.problems && parsed.layout).toBe("studyhall");
    expect(!parsed.problems && parsed.questions[0]!.question).toMatchObject({
      prompt: "Q?",
      correctChoices: [1],
    });
  });

  it("concatenates rich-text runs, skips phonetic guides and decodes entities and Excel escapes", () => {
    const parts = xlsxParts([{ name: "S", rows: [["placeholder", "x"]] }]).map((part) =>
      part.name === "xl/sharedStrings.xml"
        ? {
            ...part,
            data: `<sst><si><r><rPr><b/></rPr><t>Bold</t></r><r><t xml:space="preserve"> &amp; plain&#x21;_x000D_</t></r><rPh><t>ignored</t></rPh></si><si><t/></si></sst>`,
          }
        : part,
    );
    expect(readXlsxSheet(buildZip(parts))).toEqual([{ line: 1, fields: ["Bold & plain!\r"] }]);
  });

  it("reads parts written with a namespace prefix, and refuses an element left open", () => {
    const withSheet = (xml: string) =>
      buildZip(
        xlsxParts([{ name: "S", rows: [] }]).map((part) =>
          part.name === "xl/worksheets/sheet1.xml" ? { ...part, data: xml } : part,
        ),
      );
    const prefixed = `<x:worksheet xmlns:x="m"><x:sheetData><x:row r="3"><x:c r="B3" t="inlineStr"><x:is><x:t>Hi</x:t></x:is></x:c><x:c r="C3" t="b"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>`;
    expect(readXlsxSheet(withSheet(prefixed))).toEqual([{ line: 3, fields: ["", "Hi", "TRUE"] }]);
    // Many rows opened and never closed: refused after one forward scan, not matched against each other.
    const open = `<worksheet><sheetData>${'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c>'.repeat(50_000)}`;
    expect(refusal(() => readXlsxSheet(withSheet(open))).userMessage).toContain("damaged or incomplete");
  });

  it("refuses a zip bomb: an entry inflating past the cap, whatever size it claims", () => {
    const huge = Buffer.alloc(XLSX_LIMITS.maxEntryBytes + 1024, 0x20);
    const parts = xlsxParts([kahootSheet([])]).map((part) =>
      part.name === "xl/worksheets/sheet1.xml" ? { ...part, data: huge, declaredSize: 100 } : part,
    );
    const bomb = buildZip(parts);
    expect(bomb.byteLength).toBeLessThan(QUIZ_FILE_LIMITS.maxBytes);
    const error = refusal(() => readXlsxSheet(bomb));
    expect(error.userMessage).toMatch(/^This \.xlsx file could not be read: it is too large once unpacked\./);
    const honest = buildZip(
      xlsxParts([kahootSheet([])]).map((part) =>
        part.name === "xl/worksheets/sheet1.xml" ? { ...part, data: huge } : part,
      ),
    );
    expect(refusal(() => readXlsxSheet(honest)).userMessage).toContain("too large once unpacked");
  });

  it("refuses a truncated file, garbage after the zip signature, an encrypted part and a zip that is no workbook", () => {
    const cases: [Buffer, string][] = [
      [KAHOOT_XLSX.subarray(0, Math.floor(KAHOOT_XLSX.byteLength / 2)), "damaged or incomplete"],
      [Buffer.concat([Buffer.from("PK\x03\x04"), Buffer.alloc(200, 0x41)]), "damaged or incomplete"],
      [
        buildZip(
          xlsxParts([kahootSheet([])]).map((p) => (p.name.endsWith("sheet1.xml") ? { ...p, flags: 1 } : p)),
        ),
        "password-protected",
      ],
      [buildZip([{ name: "word/document.xml", data: "<w/>" }]), "not an Excel workbook"],
    ];
    for (const [bytes, reason] of cases) {
      const error = refusal(() => readXlsxSheet(bytes));
      expect(error.userMessage).toMatch(/^This \.xlsx file could not be read: /);
      expect(error.userMessage).toContain(reason);
    }
  });

  it("refuses a part whose bytes do not match its checksum", () => {
    const bytes = Buffer.from(buildZip(xlsxParts([kahootSheet([])]).map((p) => ({ ...p, stored: true }))));
    const at = bytes.indexOf("Quiz template");
    bytes[at] = "q".charCodeAt(0);
    expect(refusal(() => readXlsxSheet(bytes)).userMessage).toContain("damaged or incomplete");
  });
});
