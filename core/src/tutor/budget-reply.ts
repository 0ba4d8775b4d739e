import { describeReset } from "./describe-reset.ts";
import type { BudgetAllowance } from "./remaining-budget.ts";

/**
 * One course's allowances as one line, the same on every front end: "Today: 7 of 10 questions left
 * this hour; 18,000 of 20,000 tokens left for you today; 190,000 of 200,000 tokens left for the course
 * today". A spent limit says when it comes back. Null when the course has no limits.
 */
export function describeAllowances(allowances: BudgetAllowance[], now: Date): string | null {
  if (allowances.length === 0) return null;
  const ordered = [...allowances].sort((a, b) => order(a) - order(b) || a.windowSeconds - b.windowSeconds);
  return `Today: ${ordered.map((a) => describeAllowance(a, now)).join("; ")}`;
}

/** Several courses' allowances, one line each, named when there are several; null when none has limits. */
export function describeCourseAllowances(
  courses: Array<{ name: string; allowances: BudgetAllowance[] }>,
  now: Date,
): string | null {
  const lines = courses.flatMap((c) => {
    const line = describeAllowances(c.allowances, now);
    return line ? [courses.length > 1 ? `${c.name}: ${line}` : line] : [];
  });
  return lines.length > 0 ? lines.join("\n") : null;
}

function describeAllowance(a: BudgetAllowance, now: Date): string {
  const what = a.measure === "requests" ? "questions" : "tokens";
  const whose = a.scope === "COURSE" ? " for the course" : a.measure === "tokens" ? " for you" : "";
  const text = `${count(a.remaining)} of ${count(a.limit)} ${what} left${whose} ${windowWords(a.windowSeconds)}`;
  return a.remaining === 0 && a.resetsAt ? `${text}, more ${describeReset(a.resetsAt, now)}` : text;
}

/** Questions first, then the person's tokens, then the course's. */
function order(a: BudgetAllowance): number {
  if (a.measure === "requests") return a.scope === "PER_USER" ? 0 : 1;
  return a.scope === "PER_USER" ? 2 : 3;
}

/** Windows roll; "this hour" and "today" read as a person thinks of them. */
function windowWords(seconds: number): string {
  if (seconds === 3600) return "this hour";
  if (seconds === 86_400) return "today";
  if (seconds % 3600 === 0) return `in ${seconds / 3600} hours`;
  return `in ${Math.round(seconds / 60)} minutes`;
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}
