import type { QuestionKind } from "../../db/generated/enums.ts";
import { type QuestionInput, questionInputSchema } from "../question-input.ts";
import { type CsvRecord, parseCsvRecords } from "./parse-csv-records.ts";
import { findKahootHeader, readKahootRows } from "./parse-kahoot-sheet.ts";
import {
  ANSWER_SEPARATOR,
  CHOICE_COLUMNS,
  QUIZ_CSV_COLUMNS,
  QUIZ_FILE_LIMITS,
  type SheetProblem,
  TYPE_NAMES,
} from "./quiz-csv-format.ts";
import { clip, firstDuplicate, RowReader } from "./sheet-cells.ts";

/** A question read from a file, with the line it came from. */
export interface SheetQuestion {
  line: number;
  question: QuestionInput;
}

export type ParsedQuizSheet =
  | { layout: "studyhall" | "kahoot"; questions: SheetQuestion[]; problems?: undefined }
  | { problems: SheetProblem[] };

const L = QUIZ_FILE_LIMITS;
const KINDS = new Map<string, QuestionKind>([
  ...Object.entries(TYPE_NAMES).map(([kind, name]) => [name, kind as QuestionKind] as const),
  ["single", "SINGLE_CHOICE"],
  ["multiple", "MULTIPLE_SELECT"],
  ["truefalse", "TRUE_FALSE"],
  ["short", "SHORT_TEXT"],
]);

/**
 * Reads a quiz file as text: StudyHall's CSV (header row first, docs/quiz-csv.md) or Kahoot's
 * spreadsheet template saved as CSV, told apart by the header row. Either every question is read, or
 * the problems come back, each with its line and column, and nothing should be stored.
 */
export function parseQuizSheet(text: string): ParsedQuizSheet {
  const { records, problems } = parseCsvRecords(text);
  if (problems.length) return { problems };
  return parseQuizRecords(records);
}

/**
 * Reads a quiz from rows already split into cells (a CSV file's records, or an .xlsx sheet's rows from
 * readXlsxSheet), the layout told apart by the header row as in {@link parseQuizSheet}.
 */
export function parseQuizRecords(records: CsvRecord[]): ParsedQuizSheet {
  const kahoot = findKahootHeader(records);
  const read = kahoot ? readKahootRows(records, kahoot) : readStudyHallRows(records);
  if ("problems" in read) return read;
  if (read.questions.length === 0)
    return {
      problems: [{ line: (records[0]?.line ?? 0) + 1, message: "the file has a header but no questions." }],
    };
  if (read.questions.length > L.maxQuestions)
    return {
      problems: [
        {
          line: read.questions[L.maxQuestions]!.line,
          message: `the file has ${read.questions.length} questions; a file may hold at most ${L.maxQuestions}.`,
        },
      ],
    };
  return { layout: kahoot ? "kahoot" : "studyhall", questions: read.questions };
}

function readStudyHallRows(
  records: CsvRecord[],
): { questions: SheetQuestion[] } | { problems: SheetProblem[] } {
  const header = records[0];
  const headerProblem = header ? checkHeader(header) : "the file is empty.";
  if (headerProblem) return { problems: [{ line: header?.line ?? 1, message: headerProblem }] };
  const names = header!.fields.map(normalizeHeader);
  const problems: SheetProblem[] = [];
  const questions: SheetQuestion[] = [];
  for (const record of records.slice(1)) {
    if (record.fields.length > names.length) {
      problems.push({
        line: record.line,
        message: `the row has ${record.fields.length} fields but the header has ${names.length}; quote a field that holds a comma.`,
      });
      continue;
    }
    const cells = new Map(names.map((name, i) => [name, record.fields[i] ?? ""]));
    const question = readQuestion(new RowReader(record.line, cells, problems));
    if (question) questions.push({ line: record.line, question });
  }
  return problems.length ? { problems } : { questions };
}

function checkHeader(header: CsvRecord): string | undefined {
  const names = header.fields.map(normalizeHeader);
  const known = new Set<string>(QUIZ_CSV_COLUMNS);
  const unknown = names.filter((n) => !known.has(n));
  const expected = `The first line must name the columns, e.g. ${QUIZ_CSV_COLUMNS.slice(0, 4).join(",")},correct,… (see the quiz CSV format), or be Kahoot's template.`;
  if (!names.includes("type") || !names.includes("question"))
    return `the header row has no 'type' and 'question' columns. ${expected}`;
  if (unknown.length)
    return `unknown column${unknown.length === 1 ? "" : "s"} ${unknown.map((u) => `'${clip(u)}'`).join(", ")}. ${expected}`;
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) return `the column '${twice}' appears twice.`;
  return undefined;
}

function normalizeHeader(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, "_");
}

function readQuestion(row: RowReader): QuestionInput | undefined {
  const before = row.problems.length;
  const typeCell = row.text("type");
  const kind = KINDS.get(typeCell.toLowerCase().replace(/[\s/-]+/g, "_"));
  if (!kind)
    row.problem(
      "type",
      typeCell
        ? `'${clip(typeCell)}' is not a question type; use ${Object.values(TYPE_NAMES).join(", ")}.`
        : `the question type is missing; use ${Object.values(TYPE_NAMES).join(", ")}.`,
    );
  const prompt = row.required("question", L.promptChars, "the question");
  const common = {
    explanation: row.optional("explanation", L.explanationChars) ?? null,
    hint: row.optional("hint", L.hintChars) ?? null,
    ...row.scoring("points", "time_limit_sec"),
  };
  const answer = kind ? readAnswer(row, kind) : undefined;
  if (row.problems.length > before || !kind || !prompt || !answer) return undefined;
  const parsed = questionInputSchema.safeParse({ kind, prompt, ...common, ...answer });
  if (parsed.success) return parsed.data;
  // Every rule of the schema is checked above; this is the net under them.
  for (const issue of parsed.error.issues) row.problem(undefined, issue.message);
  return undefined;
}

function readAnswer(row: RowReader, kind: QuestionKind): Record<string, unknown> | undefined {
  const choiceCells = CHOICE_COLUMNS.map((c) => row.text(c));
  const hasChoices = choiceCells.some(Boolean);
  if (kind !== "SINGLE_CHOICE" && kind !== "MULTIPLE_SELECT" && hasChoices)
    return row.problem(
      CHOICE_COLUMNS[choiceCells.findIndex(Boolean)],
      `a ${TYPE_NAMES[kind]} question has no choices; leave the choice columns empty or change its type.`,
    );
  switch (kind) {
    case "SINGLE_CHOICE":
    case "MULTIPLE_SELECT": {
      const choices = readChoices(row, choiceCells);
      if (!choices) return undefined;
      const correct = row.choiceNumbers("correct", choices.length);
      if (!correct) return undefined;
      if (kind === "SINGLE_CHOICE" && correct.length !== 1)
        return row.problem(
          "correct",
          "a single_choice question has exactly one correct choice; use multiple_select for more.",
        );
      return { choices, correctChoices: correct };
    }
    case "TRUE_FALSE": {
      const value = row.text("correct").toLowerCase();
      if (value !== "true" && value !== "false")
        return row.problem("correct", `'${clip(row.text("correct"))}' should be true or false.`);
      return { answer: value === "true" };
    }
    case "SHORT_TEXT": {
      const answers = row
        .text("accepted_answers")
        .split(ANSWER_SEPARATOR)
        .map((a) => a.trim())
        .filter(Boolean);
      if (answers.length === 0)
        return row.problem(
          "accepted_answers",
          `list at least one accepted answer (several separated by '${ANSWER_SEPARATOR}').`,
        );
      if (answers.length > L.maxAcceptedAnswers)
        return row.problem(
          "accepted_answers",
          `${answers.length} answers is too many; at most ${L.maxAcceptedAnswers}.`,
        );
      const long = answers.find((a) => a.length > L.choiceChars);
      if (long)
        return row.problem(
          "accepted_answers",
          `'${clip(long)}' is too long; at most ${L.choiceChars} characters.`,
        );
      return { acceptedAnswers: answers };
    }
    case "NUMERIC": {
      const numericAnswer = readNumber(row, "numeric_answer", true);
      const tolerance = readNumber(row, "tolerance", false);
      if (numericAnswer === undefined) return undefined;
      if (tolerance !== undefined && tolerance < 0)
        return row.problem("tolerance", "the tolerance cannot be negative.");
      return { numericAnswer, tolerance: tolerance ?? 0 };
    }
  }
}

function readChoices(row: RowReader, cells: string[]): string[] | undefined {
  const last = cells.findLastIndex(Boolean);
  const gap = cells.findIndex((c, i) => !c && i < last);
  if (gap >= 0)
    return row.problem(
      CHOICE_COLUMNS[gap],
      "this choice is empty but a later one is filled; fill the choices in order.",
    );
  const choices = cells.slice(0, last + 1);
  if (choices.length < 2)
    return row.problem(CHOICE_COLUMNS[choices.length], "a question with choices needs at least 2.");
  for (const [i, choice] of choices.entries())
    if (!row.limited(CHOICE_COLUMNS[i]!, choice, L.choiceChars)) return undefined;
  const duplicate = firstDuplicate(choices);
  if (duplicate)
    return row.problem(
      CHOICE_COLUMNS[choices.findLastIndex((c) => c.toLowerCase() === duplicate.toLowerCase())],
      `'${clip(duplicate)}' is listed twice; choices must differ.`,
    );
  return choices;
}

function readNumber(row: RowReader, column: string, required: boolean): number | undefined {
  const value = row.text(column);
  if (!value) return required ? row.problem(column, "the numeric answer is missing.") : undefined;
  const n = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(n))
    return row.problem(column, `'${clip(value)}' is not a number (use a point for decimals: 2.5).`);
  return n;
}
