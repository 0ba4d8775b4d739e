import { AppError, ErrorCode } from "@studyhall/core";

/** One thing wrong in a OneRoster file set, where the person who exported it can find it. */
export interface OneRosterProblem {
  /** The file's name in the set, e.g. "users.csv". */
  file: string;
  /** 1 = the header row. Absent for a problem with the whole file. */
  line?: number;
  column?: string;
  message: string;
}

/** Most problems a refusal lists; the rest are counted, so a broken export does not flood the terminal. */
export const MAX_PROBLEMS_LISTED = 20;

/** "users.csv line 14, column email: 'x' is not an email address." */
export function describeOneRosterProblem(problem: OneRosterProblem): string {
  const line = problem.line === undefined ? "" : ` line ${problem.line}`;
  const column = problem.column === undefined ? "" : `, column ${problem.column}`;
  return `${problem.file}${line}${column}: ${problem.message}`;
}

/** The first problems, one a line, and how many more there are. */
export function describeOneRosterProblems(problems: OneRosterProblem[]): string {
  const listed = problems.slice(0, MAX_PROBLEMS_LISTED).map((p) => `  ${describeOneRosterProblem(p)}`);
  const more = problems.length - listed.length;
  return [...listed, ...(more > 0 ? [`  …and ${more} more.`] : [])].join("\n");
}

/** The refusal of a malformed set: nothing was changed, and here is where each problem is. */
export function malformedOneRosterSet(problems: OneRosterProblem[]): AppError {
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  return new AppError(ErrorCode.InvalidInput, `malformed OneRoster set: ${count}`, {
    userMessage: `This OneRoster file set cannot be imported, so nothing was changed (${count}):\n${describeOneRosterProblems(problems)}`,
    details: { problems: problems.slice(0, MAX_PROBLEMS_LISTED), total: problems.length },
  });
}
