import type { QuestionKind } from "../../db/generated/enums.ts";
import { MAX_QUIZ_QUESTIONS } from "../authoring/create-quiz.ts";
import { QUESTION_LIMITS } from "../question-input.ts";

/**
 * StudyHall's quiz CSV, one row per question under a required header row (docs/quiz-csv.md). Columns
 * may come in any order and optional ones may be left out; export writes all of them in this order.
 */
export const QUIZ_CSV_COLUMNS = [
  "type",
  "question",
  "choice_1",
  "choice_2",
  "choice_3",
  "choice_4",
  "choice_5",
  "correct",
  "accepted_answers",
  "numeric_answer",
  "tolerance",
  "hint",
  "explanation",
  "points",
  "time_limit_sec",
] as const;

export type QuizCsvColumn = (typeof QUIZ_CSV_COLUMNS)[number];

/** The choice columns, as many as a question may have choices. */
export const CHOICE_COLUMNS = QUIZ_CSV_COLUMNS.filter((c) => c.startsWith("choice_"));

/** The `type` cell of each kind of question (case and spaces do not matter on import). */
export const TYPE_NAMES: Record<QuestionKind, string> = {
  SINGLE_CHOICE: "single_choice",
  MULTIPLE_SELECT: "multiple_select",
  TRUE_FALSE: "true_false",
  SHORT_TEXT: "short_text",
  NUMERIC: "numeric",
};

/** Several correct choices (`correct`) are separated by ";" (a "," works too when the cell is quoted). */
export const CORRECT_SEPARATOR = ";";
/** Several accepted answers of a short-text question are separated by "|". */
export const ANSWER_SEPARATOR = "|";

/** Every limit of a quiz file, in one place. */
export const QUIZ_FILE_LIMITS = {
  /** Largest file read: a quiz of the most questions, every field full, fits in well under this. */
  maxBytes: 512 * 1024,
  /** Most questions one file may hold: as many as a quiz holds however it is written. */
  maxQuestions: MAX_QUIZ_QUESTIONS,
  /** Most problems listed when a file is refused; the rest are counted. */
  maxProblemsListed: 20,
  promptChars: QUESTION_LIMITS.promptChars,
  choiceChars: QUESTION_LIMITS.choiceChars,
  explanationChars: QUESTION_LIMITS.explanationChars,
  hintChars: 300,
  maxAcceptedAnswers: 10,
} as const;

/** One thing wrong with a file, where a teacher can find it: the line (1 = the first) and the column. */
export interface SheetProblem {
  line: number;
  column?: string | undefined;
  message: string;
}

/**
 * "Line 7, column 'correct': '5' is not one of the choices 1–4." A spreadsheet read directly (.xlsx)
 * names the sheet's row instead: "Row 7, column 'Correct answer(s)': …".
 */
export function describeProblem(problem: SheetProblem, unit: "Line" | "Row" = "Line"): string {
  const where = problem.column
    ? `${unit} ${problem.line}, column '${problem.column}'`
    : `${unit} ${problem.line}`;
  return `${where}: ${problem.message}`;
}

/** The refusal a teacher reads: the first problems, one a line, and how many more there are. */
export function describeProblems(problems: SheetProblem[], unit: "Line" | "Row" = "Line"): string {
  const shown = problems.slice(0, QUIZ_FILE_LIMITS.maxProblemsListed).map((p) => describeProblem(p, unit));
  const more = problems.length - shown.length;
  const tail = more > 0 ? [`…and ${more} more problem${more === 1 ? "" : "s"}.`] : [];
  return [
    `Nothing was imported: the file has ${problems.length} problem${problems.length === 1 ? "" : "s"}. Fix ${problems.length === 1 ? "it" : "them"} and upload it again.`,
    ...shown,
    ...tail,
  ].join("\n");
}
