import { QUESTION_LIMITS, type QuestionInput, questionInputSchema } from "../question-input.ts";
import type { CsvRecord } from "./parse-csv-records.ts";
import type { SheetQuestion } from "./parse-quiz-csv.ts";
import { QUIZ_FILE_LIMITS, type SheetProblem } from "./quiz-csv-format.ts";
import { clip, firstDuplicate, RowReader } from "./sheet-cells.ts";

/**
 * Kahoot's import template ("Quiz template" .xlsx) saved as CSV: a few title rows, then a header row
 * "", "Question - max 120 characters", "Answer 1 - max 75 characters" … "Answer 4 - max 75 characters",
 * "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs", "Correct answer(s) - choose at least
 * one", then one question a row after its number. Columns are found by how their names begin, so a
 * shortened or translated dash still matches.
 */
export interface KahootHeader {
  line: number;
  index: number;
  question: number;
  answers: number[];
  timeLimit: number | undefined;
  correct: number;
}

/** Columns as problems name them: the start of the template's own header text. */
const QUESTION = "Question";
const TIME = "Time limit (sec)";
const CORRECT = "Correct answer(s)";

/** The header row sits below the template's title rows; it is looked for among the first lines. */
const HEADER_SEARCH_ROWS = 12;

/** The Kahoot header row, if the file has one among its first rows. */
export function findKahootHeader(records: CsvRecord[]): KahootHeader | undefined {
  for (const [index, record] of records.slice(0, HEADER_SEARCH_ROWS).entries()) {
    const names = record.fields.map((f) => f.trim().toLowerCase());
    const find = (prefix: RegExp) => names.findIndex((n) => prefix.test(n));
    const question = find(/^question\b/);
    const correct = find(/^correct answer/);
    const answers = names.flatMap((n, i) => (/^answer \d+\b/.test(n) ? [i] : []));
    if (question >= 0 && correct >= 0 && answers.length >= 2) {
      const timeLimit = find(/^time limit/);
      return {
        line: record.line,
        index,
        question,
        answers,
        correct,
        timeLimit: timeLimit >= 0 ? timeLimit : undefined,
      };
    }
  }
  return undefined;
}

/** The questions below the header: one correct answer makes a single-choice question, several a multiple-select. */
export function readKahootRows(
  records: CsvRecord[],
  header: KahootHeader,
): { questions: SheetQuestion[] } | { problems: SheetProblem[] } {
  const problems: SheetProblem[] = [];
  const questions: SheetQuestion[] = [];
  const names = [QUESTION, ...header.answers.map((_, i) => `Answer ${i + 1}`), TIME, CORRECT];
  const indexes = [header.question, ...header.answers, header.timeLimit ?? -1, header.correct];
  for (const record of records.slice(header.index + 1)) {
    const cells = new Map(names.map((name, i) => [name, record.fields[indexes[i]!] ?? ""]));
    // The template numbers rows it leaves empty; those are not questions.
    if (names.every((n) => !cells.get(n)?.trim() || n === TIME)) continue;
    const question = readKahootQuestion(new RowReader(record.line, cells, problems), header.answers.length);
    if (question) questions.push({ line: record.line, question });
  }
  return problems.length ? { problems } : { questions };
}

function readKahootQuestion(row: RowReader, answerColumns: number): QuestionInput | undefined {
  const before = row.problems.length;
  const prompt = row.required(QUESTION, QUIZ_FILE_LIMITS.promptChars, "the question");
  const timeLimitSec = row.integer(TIME, QUESTION_LIMITS.minSeconds, QUESTION_LIMITS.maxSeconds);
  // Kahoot numbers answers by their column; an empty column in between is skipped, not renumbered.
  const slots = Array.from({ length: answerColumns }, (_, i) => row.text(`Answer ${i + 1}`));
  const filled = slots.flatMap((text, i) => (text ? [{ text, number: i }] : []));
  for (const { text, number } of filled)
    row.limited(`Answer ${number + 1}`, text, QUIZ_FILE_LIMITS.choiceChars);
  if (filled.length < QUESTION_LIMITS.minChoices)
    row.problem("Answer 2", "a question needs at least 2 answers.");
  if (filled.length > QUESTION_LIMITS.maxChoices)
    row.problem(
      `Answer ${filled[QUESTION_LIMITS.maxChoices]!.number + 1}`,
      `StudyHall shows at most ${QUESTION_LIMITS.maxChoices} answers.`,
    );
  const duplicate = firstDuplicate(filled.map((f) => f.text));
  if (duplicate)
    row.problem(undefined, `the answer '${clip(duplicate)}' is listed twice; answers must differ.`);
  const numbers = row.choiceNumbers(CORRECT, answerColumns);
  const correct = numbers?.map((n) => {
    const at = filled.findIndex((f) => f.number === n);
    if (at < 0) row.problem(CORRECT, `Answer ${n + 1} is empty, so it cannot be correct.`);
    return at;
  });
  if (row.problems.length > before || !prompt || !correct) return undefined;
  const parsed = questionInputSchema.safeParse({
    kind: correct.length === 1 ? "SINGLE_CHOICE" : "MULTIPLE_SELECT",
    prompt,
    choices: filled.map((f) => f.text),
    correctChoices: correct,
    ...(timeLimitSec === undefined ? {} : { timeLimitSec }),
  });
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) row.problem(undefined, issue.message);
  return undefined;
}
