// Flashcard text exports: Anki's "Notes in Plain Text" (header lines "#separator:tab", "#html:true",
// "#tags column:3", "#columns:Front\tBack", ...) and Quizlet's export (term and definition split by a tab
// or a comma, one card per line). Both are CSV with a chosen delimiter: a field in "..." may hold the
// delimiter, doubled quotes and line breaks.
import { cardTextProblems, type NewCard } from "../card-limits.ts";

export interface CardTextParse {
  cards: NewCard[];
  /** Each malformed card with the (1-based) line it starts on and what is wrong with it. */
  errors: Array<{ line: number; message: string }>;
}

const SEPARATOR_NAMES: Record<string, string> = {
  tab: "\t",
  comma: ",",
  semicolon: ";",
  space: " ",
  pipe: "|",
  colon: ":",
};

const SEPARATOR_WORDS: Record<string, string> = {
  "\t": "tab",
  ",": "comma",
  ";": "semicolon",
  " ": "space",
  "|": "pipe",
  ":": "colon",
};

interface Headers {
  separator?: string;
  html: boolean;
  /** 0-based columns that are not card fields (tags, guid, notetype, deck). */
  tagsColumn?: number;
  skipColumns: Set<number>;
}

interface TextRecord {
  line: number;
  fields: string[];
  /** A quoted field was still open at the end of the text. */
  unclosed: boolean;
  /** Some field was in quotes (the file quotes its fields, CSV-style). */
  quoted: boolean;
}

/** Anki's header lines: "#key:value" at the top of the file. */
function readHeaders(lines: string[]): { headers: Headers; bodyStart: number } {
  const headers: Headers = { html: false, skipColumns: new Set() };
  let i = 0;
  for (; i < lines.length; i++) {
    const match = /^#([a-z ]+):(.*)$/i.exec(lines[i] ?? "");
    if (!match) break;
    const key = (match[1] ?? "").trim().toLowerCase();
    const value = (match[2] ?? "").trim();
    if (key === "separator") {
      headers.separator = SEPARATOR_NAMES[value.toLowerCase()] ?? (value.length === 1 ? value : undefined);
    } else if (key === "html") {
      headers.html = value.toLowerCase() === "true";
    } else if (key.endsWith(" column")) {
      const column = Number.parseInt(value, 10) - 1;
      if (Number.isInteger(column) && column >= 0) {
        headers.skipColumns.add(column);
        if (key === "tags column") headers.tagsColumn = column;
      }
    }
  }
  return { headers, bodyStart: i };
}

/** Splits CSV-style text into records, remembering the line each starts on. */
function readRecords(text: string, separator: string, firstLine: number): TextRecord[] {
  const records: TextRecord[] = [];
  let line = firstLine;
  let i = 0;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    let field = "";
    let quoted = false;
    let atFieldStart = true;
    let unclosed = false;
    let anyQuoted = false;
    for (; i <= text.length; i++) {
      const c = text[i];
      if (c === undefined) {
        unclosed = quoted;
        break;
      }
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') {
          field += '"';
          i++;
        } else if (c === '"') {
          quoted = false;
        } else {
          if (c === "\n") line++;
          field += c;
        }
        continue;
      }
      if (c === '"' && atFieldStart) {
        quoted = true;
        anyQuoted = true;
        atFieldStart = false;
      } else if (c === separator) {
        fields.push(field);
        field = "";
        atFieldStart = true;
      } else if (c === "\n") {
        i++;
        line++;
        break;
      } else if (c !== "\r") {
        field += c;
        atFieldStart = false;
      }
    }
    fields.push(field);
    records.push({ line: start, fields, unclosed, quoted: anyQuoted });
    if (unclosed) break;
  }
  return records;
}

/** Anki's HTML fields as plain text: line breaks kept, tags dropped, the common entities decoded. */
function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(div|p|li)>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\n{3,}/g, "\n\n");
}

/** Without a header, a tab anywhere means tab-separated (Anki, Quizlet's default), otherwise commas. */
function guessSeparator(body: string): string {
  return body.includes("\t") ? "\t" : ",";
}

function toCard(record: TextRecord, headers: Headers, separator: string): NewCard | string {
  if (record.unclosed) return "a quoted field opens here and is never closed";
  const clean = (s: string) => (headers.html ? htmlToText(s) : s).trim();
  let fields = record.fields.filter((_, i) => !headers.skipColumns.has(i)).map(clean);
  // Quizlet's comma export does not quote: a definition's own commas would split it into a "hint".
  // Without a header and without quotes, only the first comma separates the term from its definition.
  if (separator === "," && !headers.separator && !record.quoted && fields.length > 2)
    fields = [fields[0] ?? "", record.fields.slice(1).join(",").trim()];
  if (fields.length < 2) {
    return `no ${SEPARATOR_WORDS[separator] ?? `"${separator}"`} between the front and the back`;
  }
  const [front = "", back = "", hint = ""] = fields;
  if (!front) return "the front is empty";
  if (!back) return "the back is empty";
  const tagText = headers.tagsColumn === undefined ? "" : (record.fields[headers.tagsColumn] ?? "");
  const tags = tagText.split(/\s+/).filter(Boolean);
  const card: NewCard = { front, back, ...(hint ? { hint } : {}), ...(tags.length ? { tags } : {}) };
  const problems = cardTextProblems(card);
  return problems.length > 0 ? problems.join(" ") : card;
}

/**
 * Parses an Anki "Notes in Plain Text" export or a Quizlet export into cards: the first field is the
 * front, the second the back, a third (if any) the hint; Anki's tags column becomes the tags and its
 * guid, notetype and deck columns are skipped. Blank lines are skipped. Every malformed card is reported
 * with its line (no separator, an empty side, a quote never closed, over the card limits), never dropped.
 */
export function parseCardText(text: string): CardTextParse {
  const normalised = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const lines = normalised.split("\n");
  const { headers, bodyStart } = readHeaders(lines);
  const body = lines.slice(bodyStart).join("\n");
  const separator = headers.separator ?? guessSeparator(body);
  const cards: NewCard[] = [];
  const errors: CardTextParse["errors"] = [];
  for (const record of readRecords(body, separator, bodyStart + 1)) {
    if (record.fields.length === 1 && !record.unclosed && record.fields[0]?.trim() === "") continue;
    const card = toCard(record, headers, separator);
    if (typeof card === "string") errors.push({ line: record.line, message: card });
    else cards.push(card);
  }
  return { cards, errors };
}
