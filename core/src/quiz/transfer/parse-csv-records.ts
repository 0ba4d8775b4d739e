import type { SheetProblem } from "./quiz-csv-format.ts";

/** One row of a CSV file and the line it starts on (1-based; a quoted field may span lines). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Splits CSV text into records (RFC 4180): fields separated by `delimiter`, records by CRLF, LF or
 * CR; a field in double quotes may hold delimiters, line breaks and doubled quotes (""). A leading
 * UTF-8 byte order mark is dropped. Rows whose fields are all empty are skipped, as spreadsheets save
 * blank rows as ",,,,". A quote that opens and never closes, or a quote inside an unquoted field, is
 * a problem with its line rather than a guess.
 */
export function parseCsvRecords(
  input: string,
  delimiter = detectDelimiter(input),
): { records: CsvRecord[]; problems: SheetProblem[] } {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  const problems: SheetProblem[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    if (fields.some((f) => f !== "")) records.push({ line: recordLine, fields });
    fields = [];
    field = "";
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && field === "") {
      const quoteLine = line;
      let j = i + 1;
      let closed = false;
      while (j < text.length) {
        const c = text[j]!;
        if (c === '"') {
          if (text[j + 1] === '"') {
            field += '"';
            j += 2;
            continue;
          }
          closed = true;
          j++;
          break;
        }
        if (c === "\n" || (c === "\r" && text[j + 1] !== "\n")) line++;
        field += c;
        j++;
      }
      if (!closed) {
        problems.push({ line: quoteLine, message: 'a quoted field is never closed: add the missing ".' });
        return { records, problems };
      }
      i = j;
      const next = text[i];
      if (next !== undefined && next !== delimiter && next !== "\r" && next !== "\n") {
        problems.push({
          line,
          message: `text follows a closing quote; a field in quotes must end at the quote (write "" for a quote inside it).`,
        });
        while (i < text.length && text[i] !== delimiter && text[i] !== "\r" && text[i] !== "\n") i++;
      }
      continue;
    }
    if (ch === delimiter) {
      fields.push(field);
      field = "";
      i++;
      continue;
    }
    if (ch === "\r" || ch === "\n") {
      endRecord();
      i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    if (ch === '"') {
      problems.push({
        line,
        message:
          'a quote inside a field that does not start with one: put the whole field in quotes and write the quote as "".',
      });
    }
    field += ch;
    i++;
  }
  if (field !== "" || fields.length > 0) endRecord();
  return { records, problems };
}

/**
 * Spreadsheets in many European locales save CSV with ";" between fields. The first line decides: ";"
 * (or a tab) when it holds one and no comma outside quotes, else ",".
 */
export function detectDelimiter(text: string): string {
  const first = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/, 1)[0] ?? "";
  const outside = first.replace(/"[^"]*"/g, "");
  if (outside.includes(",")) return ",";
  if (outside.includes(";")) return ";";
  if (outside.includes("\t")) return "\t";
  return ",";
}
