import { QUESTION_LIMITS } from "../question-input.ts";
import type { SheetProblem } from "./quiz-csv-format.ts";

/**
 * Reads the cells of one row by column name and collects what is wrong with them, so a file's every
 * problem is listed with its line and column in one refusal.
 */
export class RowReader {
  constructor(
    readonly line: number,
    private readonly cells: Map<string, string>,
    readonly problems: SheetProblem[],
  ) {}

  problem(column: string | undefined, message: string): undefined {
    this.problems.push({ line: this.line, column, message });
    return undefined;
  }

  /** The cell trimmed; "" when the column is absent. Export's formula guard (a leading ') is undone. */
  text(column: string): string {
    return unguard((this.cells.get(column) ?? "").trim());
  }

  required(column: string, max: number, what: string): string | undefined {
    const value = this.text(column);
    if (!value) return this.problem(column, `${what} is missing.`);
    return this.limited(column, value, max);
  }

  optional(column: string, max: number): string | undefined {
    const value = this.text(column);
    return value ? this.limited(column, value, max) : undefined;
  }

  limited(column: string, value: string, max: number): string | undefined {
    if (value.length > max)
      return this.problem(column, `${value.length} characters is too long; at most ${max}.`);
    return value;
  }

  /** A whole number between `min` and `max`, or undefined when the cell is empty. */
  integer(column: string, min: number, max: number): number | undefined {
    const value = this.text(column);
    if (!value) return undefined;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max)
      return this.problem(column, `'${clip(value)}' is not a whole number from ${min} to ${max}.`);
    return Number(value);
  }

  /** Points and seconds, the two optional numbers every question may have. */
  scoring(pointsColumn: string, secondsColumn: string) {
    const points = this.integer(pointsColumn, 0, QUESTION_LIMITS.maxPoints);
    const timeLimitSec = this.integer(secondsColumn, QUESTION_LIMITS.minSeconds, QUESTION_LIMITS.maxSeconds);
    return {
      ...(points === undefined ? {} : { points }),
      ...(timeLimitSec === undefined ? {} : { timeLimitSec }),
    };
  }

  /**
   * "1;3" or "1,3" as choice numbers, each one of the `choices` listed. Returns 0-based indexes,
   * or undefined after noting the problem.
   */
  choiceNumbers(column: string, choices: number): number[] | undefined {
    const value = this.text(column);
    if (!value) return this.problem(column, "say which choice is correct (its number, e.g. 2).");
    const parts = value.split(/[;,]/).map((p) => p.trim());
    const numbers: number[] = [];
    for (const part of parts) {
      const n = /^\d+$/.test(part) ? Number(part) : Number.NaN;
      if (!(n >= 1 && n <= choices))
        return this.problem(column, `'${clip(part)}' is not one of the choices 1–${choices}.`);
      if (numbers.includes(n - 1)) return this.problem(column, `choice ${n} is listed twice.`);
      numbers.push(n - 1);
    }
    return numbers;
  }
}

/** Choices must differ from each other, ignoring case, so a click names one choice. */
export function firstDuplicate(values: string[]): string | undefined {
  const seen = new Set<string>();
  for (const v of values) {
    const key = v.toLowerCase();
    if (seen.has(key)) return v;
    seen.add(key);
  }
  return undefined;
}

/** A cell quoted in a message, shortened so one long cell does not drown the others. */
export function clip(value: string): string {
  return value.length > 40 ? `${value.slice(0, 39)}…` : value;
}

/** Export prefixes text that starts like a formula (= + - @) with ' (see csvCell); import removes it. */
function unguard(value: string): string {
  return /^'[=+\-@]/.test(value) ? value.slice(1) : value;
}
