import type { CsvRecord } from "./parse-csv-records.ts";
import { QUIZ_FILE_LIMITS } from "./quiz-csv-format.ts";
import { readZipEntries, unreadableXlsx, type ZipEntries } from "./read-zip-entries.ts";
import { firstXmlElement, xmlElements } from "./xml-elements.ts";

const broken = (): never => {
  throw unreadableXlsx("it is damaged or incomplete", { xml: "an element is not closed" });
};

/** Limits of an .xlsx quiz file beyond its size on disk, so a crafted file is refused rather than expanded. */
export const XLSX_LIMITS = {
  maxEntries: 500,
  /** Unpacked, a workbook is a few times its zipped size; ten times the file limit is generous. */
  maxEntryBytes: 10 * QUIZ_FILE_LIMITS.maxBytes,
  maxTotalBytes: 10 * QUIZ_FILE_LIMITS.maxBytes,
  /** Rows and columns that hold a value; empty formatted cells do not count. */
  maxRows: 2000,
  maxColumns: 64,
  maxSharedStrings: 50_000,
} as const;

/** Whether the bytes are a zip archive (every .xlsx is one), told by its first bytes, not its name. */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * Reads the first worksheet of an Excel workbook (.xlsx) as the rows a CSV file would give: each row
 * that holds a value, its `line` the sheet's row number, its cells by column with gaps as "". Shared,
 * inline and formula strings, numbers and booleans are read as the text the sheet shows for them
 * unformatted. Anything it cannot read is an AppError whose message begins "This .xlsx file could not
 * be read:"; {@link XLSX_LIMITS} bound every count and size.
 */
export function readXlsxSheet(bytes: Uint8Array): CsvRecord[] {
  const zip = readZipEntries(bytes, XLSX_LIMITS);
  if (!zip.names.some((n) => n.startsWith("xl/")))
    throw unreadableXlsx("it is a zip archive but not an Excel workbook", { names: zip.names.slice(0, 10) });
  const sheetPart = firstSheetPart(zip);
  const sheetXml = text(zip, sheetPart);
  if (sheetXml === undefined) throw unreadableXlsx("it has no worksheet", { sheetPart });
  const sharedXml = text(zip, "xl/sharedStrings.xml");
  return readRows(sheetXml, sharedXml === undefined ? [] : readSharedStrings(sharedXml));
}

function text(zip: ZipEntries, name: string): string | undefined {
  return zip.read(name)?.toString("utf8");
}

/** The part of the first sheet in the workbook's order (its tab order), through the workbook's relationships. */
function firstSheetPart(zip: ZipEntries): string {
  const fallback = "xl/worksheets/sheet1.xml";
  const workbook = text(zip, "xl/workbook.xml");
  const rels = text(zip, "xl/_rels/workbook.xml.rels");
  if (workbook === undefined || rels === undefined) return fallback;
  const sheet = firstXmlElement(workbook, "sheet", broken)?.attrs;
  const id = sheet && /\s[A-Za-z_][\w.-]*:id\s*=\s*["']([^"']*)["']/.exec(sheet)?.[1];
  if (!id) return fallback;
  for (const { attrs } of xmlElements(rels, "Relationship", broken)) {
    if (attribute(attrs, "Id") !== id) continue;
    const target = attribute(attrs, "Target");
    if (!target) return fallback;
    return target.startsWith("/") ? target.slice(1) : normalizePath(`xl/${target}`);
  }
  return fallback;
}

function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== "." && part !== "") parts.push(part);
  }
  return parts.join("/");
}

function attribute(tag: string, name: string): string | undefined {
  const value = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  return value ? decodeXml(value[1] ?? value[2] ?? "") : undefined;
}

/** Each <si>: its text, or its rich-text runs' texts joined; phonetic guides (<rPh>) are not part of it. */
function readSharedStrings(xml: string): string[] {
  const strings: string[] = [];
  for (const { body } of xmlElements(xml, "si", broken)) {
    if (strings.length >= XLSX_LIMITS.maxSharedStrings)
      throw unreadableXlsx("it holds too many different texts", { max: XLSX_LIMITS.maxSharedStrings });
    strings.push(textRuns(body ?? ""));
  }
  return strings;
}

function textRuns(xml: string): string {
  // A run's text is in <t>, directly or inside <r>; a phonetic guide's <t> sits inside <rPh>, left out.
  let rest = "";
  let from = 0;
  for (const { start, end } of xmlElements(xml, "rPh", broken)) {
    rest += xml.slice(from, start);
    from = end;
  }
  rest += xml.slice(from);
  let out = "";
  for (const { body } of xmlElements(rest, "t", broken)) out += decodeXml(body ?? "");
  return out;
}

function readRows(xml: string, shared: string[]): CsvRecord[] {
  const records: CsvRecord[] = [];
  let rowNumber = 0;
  for (const { attrs: rowAttrs, body: rowBody } of xmlElements(xml, "row", broken)) {
    const r = attribute(rowAttrs, "r");
    rowNumber = r && /^\d+$/.test(r) ? Number(r) : rowNumber + 1;
    const fields: string[] = [];
    let column = -1;
    for (const { attrs: cellAttrs, body: cellBody } of xmlElements(rowBody ?? "", "c", broken)) {
      const ref = attribute(cellAttrs, "r");
      column = ref ? columnIndex(ref, rowNumber) : column + 1;
      const value = cellValue(attribute(cellAttrs, "t") ?? "n", cellBody ?? "", shared, rowNumber);
      if (value === "") continue;
      if (column >= XLSX_LIMITS.maxColumns)
        throw unreadableXlsx(`row ${rowNumber} has a value beyond column ${XLSX_LIMITS.maxColumns}`, {
          column,
        });
      while (fields.length < column) fields.push("");
      fields[column] = value;
    }
    if (!fields.some((f) => f !== "")) continue;
    if (records.length >= XLSX_LIMITS.maxRows)
      throw unreadableXlsx(`its first sheet has more than ${XLSX_LIMITS.maxRows} rows`, { rowNumber });
    records.push({ line: rowNumber, fields });
  }
  return records;
}

/** "B3" → 1, "AA10" → 26; the row part is ignored (the row element gives it). */
function columnIndex(ref: string, row: number): number {
  const letters = /^([A-Za-z]{1,3})\d*$/.exec(ref)?.[1];
  if (!letters) throw unreadableXlsx(`row ${row} has a cell named '${ref.slice(0, 10)}'`);
  let index = 0;
  for (const letter of letters.toUpperCase()) index = index * 26 + (letter.charCodeAt(0) - 64);
  return index - 1;
}

function cellValue(type: string, body: string, shared: string[], row: number): string {
  if (type === "inlineStr") {
    const inline = firstXmlElement(body, "is", broken)?.body;
    return inline === undefined ? "" : textRuns(inline);
  }
  const raw = firstXmlElement(body, "v", broken)?.body;
  if (raw === undefined) return "";
  const v = decodeXml(raw);
  if (type === "s") {
    const text = /^\d+$/.test(v.trim()) ? shared[Number(v.trim())] : undefined;
    if (text === undefined) throw unreadableXlsx(`row ${row} refers to a text the file does not hold`, { v });
    return text;
  }
  if (type === "b") return v.trim() === "1" ? "TRUE" : "FALSE";
  if (type === "n") {
    // Excel stores 0.1 as 0.10000000000000001; the shortest form is what the sheet shows.
    const n = Number(v);
    return v.trim() !== "" && Number.isFinite(n) ? String(n) : v;
  }
  return v;
}

const NAMED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** XML's five named entities and numeric references, then Excel's own _xHHHH_ escapes (e.g. _x000D_). */
function decodeXml(value: string): string {
  return value
    .replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|lt|gt|amp|quot|apos);/g, (whole, ref: string) => {
      if (!ref.startsWith("#")) return NAMED_ENTITIES[ref] ?? whole;
      const code = ref[1] === "x" ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    })
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}
