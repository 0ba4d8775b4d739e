import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import {
  availableAgainAt,
  type BudgetMeasure,
  type BudgetRule,
  type BudgetSubject,
  budgetRules,
  measureUsage,
  type RuleUsage,
} from "./budget-usage.ts";
import { describeReset } from "./describe-reset.ts";

export { type BudgetRule, RATE_LIMITED } from "./budget-usage.ts";

/**
 * Throws RateLimited if answering now would break one of the course's limits; the refusal says when
 * the person can ask again. The course's own Budget rows replace the deployment defaults of the same
 * scope and window. Counts come from UsageLog, so the limits hold across every process that shares
 * the database.
 */
export async function checkTutorBudget(
  db: Prisma,
  input: BudgetSubject & { defaults: BudgetRule[] },
): Promise<void> {
  const rules = await budgetRules(db, input.courseId, input.defaults);
  const spent = firstSpent(await measureUsage(db, input, rules));
  if (!spent) return;
  const at = await availableAgainAt(db, input, spent.usage, spent.measure);
  throw tutorRefusal(spent.usage.rule, spent.measure, describeReset(at, input.now), at);
}

/**
 * Throws RateLimited if the course has spent a token budget of its own (COURSE scope): quiz generation
 * is staff work counted against the course, so a student's per-person limits do not apply to it.
 */
export async function checkCourseTokenBudget(
  db: Prisma,
  input: BudgetSubject & { defaults: BudgetRule[] },
): Promise<void> {
  const rules = (await budgetRules(db, input.courseId, input.defaults)).filter(
    (r) => r.scope === "COURSE" && r.maxTokens != null,
  );
  const spent = firstSpent(await measureUsage(db, input, rules));
  if (!spent) return;
  const at = await availableAgainAt(db, input, spent.usage, "tokens");
  const window = describeWindow(spent.usage.rule.windowSeconds);
  throw new AppError(ErrorCode.RateLimited, "course token budget spent", {
    userMessage: `This course has used its AI allowance for the last ${window}, so no quiz can be generated now. You can generate one again ${describeReset(at, input.now)}.`,
    details: {
      scope: "COURSE",
      windowSeconds: spent.usage.rule.windowSeconds,
      what: "tokens",
      resetsAt: at.toISOString(),
    },
  });
}

function firstSpent(usages: RuleUsage[]): { usage: RuleUsage; measure: BudgetMeasure } | null {
  for (const usage of usages) {
    const { rule } = usage;
    if (rule.maxRequests != null && usage.requests >= rule.maxRequests) return { usage, measure: "requests" };
    if (rule.maxTokens != null && usage.tokens >= rule.maxTokens) return { usage, measure: "tokens" };
  }
  return null;
}

function tutorRefusal(rule: BudgetRule, what: BudgetMeasure, reset: string, at: Date): AppError {
  const window = describeWindow(rule.windowSeconds);
  const userMessage =
    rule.scope === "PER_USER"
      ? what === "requests"
        ? `You have asked ${rule.maxRequests} question${rule.maxRequests === 1 ? "" : "s"} in the last ${window}, the limit for this course. You can ask again ${reset}.`
        : `You have used your tutor allowance for the last ${window}. You can ask again ${reset}.`
      : `This course has used its tutor allowance for the last ${window}. The tutor can answer again ${reset}; tell your teacher if this keeps happening.`;
  return new AppError(ErrorCode.RateLimited, `tutor ${what} limit reached`, {
    userMessage,
    details: { scope: rule.scope, windowSeconds: rule.windowSeconds, what, resetsAt: at.toISOString() },
  });
}

/** "hour", "day", "3 hours": the window a limit counts over, as a person reads it. */
export function describeWindow(seconds: number): string {
  if (seconds % 86_400 === 0) return seconds === 86_400 ? "day" : `${seconds / 86_400} days`;
  if (seconds % 3600 === 0) return seconds === 3600 ? "hour" : `${seconds / 3600} hours`;
  return seconds % 60 === 0 ? `${seconds / 60} minutes` : `${seconds} seconds`;
}
