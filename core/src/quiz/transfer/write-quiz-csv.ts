import type { Question } from "../../db/generated/client.ts";
import { csvCell } from "../results/export-results-csv.ts";
import {
  ANSWER_SEPARATOR,
  CHOICE_COLUMNS,
  CORRECT_SEPARATOR,
  QUIZ_CSV_COLUMNS,
  TYPE_NAMES,
} from "./quiz-csv-format.ts";

/** What export reads of a stored question: everything the CSV format carries. */
export type ExportedQuestion = Pick<
  Question,
  | "kind"
  | "prompt"
  | "choices"
  | "correctChoices"
  | "acceptedAnswers"
  | "numericAnswer"
  | "tolerance"
  | "hint"
  | "explanation"
  | "points"
  | "timeLimitSec"
>;

/**
 * Questions in StudyHall's quiz CSV (docs/quiz-csv.md): the header, then one row per question in
 * order, CRLF line ends, RFC 4180 quoting, and text that a spreadsheet would run as a formula (= + -
 * @) prefixed with ' (import removes it again). Reading the result with parseQuizSheet gives the same
 * questions.
 */
export function writeQuizCsv(questions: ExportedQuestion[]): string {
  const lines = [QUIZ_CSV_COLUMNS.join(",")];
  for (const q of questions) {
    const cells: Record<string, string | number> = {
      type: TYPE_NAMES[q.kind],
      question: q.prompt,
      hint: q.hint ?? "",
      explanation: q.explanation ?? "",
      points: q.points,
      time_limit_sec: q.timeLimitSec,
    };
    if (q.kind === "SINGLE_CHOICE" || q.kind === "MULTIPLE_SELECT") {
      q.choices.forEach((choice, i) => {
        cells[CHOICE_COLUMNS[i]!] = choice;
      });
      cells.correct = q.correctChoices.map((i) => i + 1).join(CORRECT_SEPARATOR);
    }
    if (q.kind === "TRUE_FALSE") cells.correct = q.correctChoices[0] === 0 ? "true" : "false";
    if (q.kind === "SHORT_TEXT") cells.accepted_answers = q.acceptedAnswers.join(ANSWER_SEPARATOR);
    if (q.kind === "NUMERIC") {
      cells.numeric_answer = q.numericAnswer ?? 0;
      cells.tolerance = q.tolerance ?? 0;
    }
    lines.push(QUIZ_CSV_COLUMNS.map((column) => csvCell(cells[column] ?? "")).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}
