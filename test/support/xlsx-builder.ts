import * as zlib from "node:zlib";

/** One file of a zip as the builder writes it; `declaredSize` lets a test lie about the unpacked size. */
export interface ZipFile {
  name: string;
  data: Buffer | string;
  stored?: boolean;
  declaredSize?: number;
  flags?: number;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  const native = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
  if (native) return native(data) >>> 0;
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip archive (stored or deflated entries, one disk, no zip64), as spreadsheet programs write them. */
export function buildZip(files: ZipFile[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const data = Buffer.isBuffer(file.data) ? file.data : Buffer.from(file.data, "utf8");
    const packed = file.stored ? data : zlib.deflateRawSync(data);
    const name = Buffer.from(file.name, "utf8");
    const method = file.stored ? 0 : 8;
    const crc = crc32(data);
    const size = file.declaredSize ?? data.byteLength;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(file.flags ?? 0, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.byteLength, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.byteLength, 26);
    locals.push(local, name, packed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(file.flags ?? 0, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.byteLength, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.byteLength, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.byteLength + packed.byteLength;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.byteLength, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A cell: text stored as a shared string (the default), an inline string, or a number. */
export type XlsxCell = string | number | { inline: string } | null;

export interface XlsxSheet {
  name: string;
  /** Rows from row 1; null or "" cells are left out as a spreadsheet leaves empty cells out. */
  rows: XlsxCell[][];
}

const escapeXml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/**
 * The parts of an .xlsx workbook holding `sheets` in tab order, the way Excel lays them out. With
 * `reversedParts` the first tab's part is sheet2.xml, so a reader must follow the workbook's
 * relationships rather than assume sheet1.xml.
 */
export function xlsxParts(sheets: XlsxSheet[], options: { reversedParts?: boolean } = {}): ZipFile[] {
  const shared: string[] = [];
  const sharedIndex = new Map<string, number>();
  const partOf = (i: number) => (options.reversedParts ? sheets.length - i : i + 1);
  const sheetXml = (sheet: XlsxSheet) => {
    const rows = sheet.rows.map((row, r) => {
      const cells = row.flatMap((cell, c) => {
        const ref = `${columnName(c)}${r + 1}`;
        if (cell === null || cell === "") return [];
        if (typeof cell === "number") return [`<c r="${ref}" s="1"><v>${cell}</v></c>`];
        if (typeof cell === "object")
          return [`<c r="${ref}" t="inlineStr"><is><t>${escapeXml(cell.inline)}</t></is></c>`];
        if (!sharedIndex.has(cell)) {
          sharedIndex.set(cell, shared.length);
          shared.push(cell);
        }
        return [`<c r="${ref}" t="s"><v>${sharedIndex.get(cell)}</v></c>`];
      });
      return `<row r="${r + 1}" spans="1:6">${cells.join("")}</row>`;
    });
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1:F${sheet.rows.length}"/><sheetData>${rows.join("")}</sheetData></worksheet>`;
  };
  const sheetParts = sheets.map((sheet, i) => ({
    name: `xl/worksheets/sheet${partOf(i)}.xml`,
    data: sheetXml(sheet),
  }));
  const workbook = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets
    .map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${partOf(i)}"/>`)
    .join("")}</sheets></workbook>`;
  const rels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
    .map(
      (_, i) =>
        `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
    )
    .join(
      "",
    )}<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
  // The sheets are written first: their shared strings are collected while writing them.
  const sharedXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${shared.length}" uniqueCount="${shared.length}">${shared
    .map((s) => `<si><t xml:space="preserve">${escapeXml(s)}</t></si>`)
    .join("")}</sst>`;
  return [
    {
      name: "[Content_Types].xml",
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`,
    },
    { name: "xl/workbook.xml", data: workbook },
    { name: "xl/_rels/workbook.xml.rels", data: rels },
    ...sheetParts,
    { name: "xl/sharedStrings.xml", data: sharedXml },
  ];
}

/** A real .xlsx file holding `sheets`. */
export function buildXlsx(sheets: XlsxSheet[], options: { reversedParts?: boolean } = {}): Buffer {
  return buildZip(xlsxParts(sheets, options));
}

/** Kahoot's "Quiz template" header row, as the downloaded template spells it. */
export const KAHOOT_HEADER = [
  "",
  "Question - max 120 characters",
  "Answer 1 - max 75 characters",
  "Answer 2 - max 75 characters",
  "Answer 3 - max 75 characters",
  "Answer 4 - max 75 characters",
  "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
  "Correct answer(s) - choose at least one",
];

/** Kahoot's template: its title rows, the header on row 8, then `questions` (each a row after its number). */
export function kahootSheet(questions: XlsxCell[][]): XlsxSheet {
  return {
    name: "Sheet1",
    rows: [
      [],
      ["", "Quiz template"],
      [
        "",
        "Add questions, at least two answer alternatives, time limit and choose correct answers (at least one).",
      ],
      ["", "Have fun creating your awesome quiz!"],
      ["", "Remember: questions have a limit of 120 characters and answers can have 75 characters max."],
      [],
      [],
      KAHOOT_HEADER,
      ...questions.map((q, i) => [i + 1, ...q]),
    ],
  };
}
