import { requireEnrollment } from "../courses/enrollments.ts";
import type { BudgetScope } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import type { Actor } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { describeAllowances } from "./budget-reply.ts";
import {
  availableAgainAt,
  type BudgetMeasure,
  type BudgetRule,
  type BudgetSubject,
  budgetRules,
  measureUsage,
  type RuleUsage,
} from "./budget-usage.ts";

/** One limit as the person sees it: how much of it is left now, and when more comes back. */
export interface BudgetAllowance {
  scope: BudgetScope;
  measure: BudgetMeasure;
  windowSeconds: number;
  limit: number;
  used: number;
  remaining: number;
  /**
   * When some of it comes back: windows roll, so when the oldest counted row leaves the window; for a
   * spent limit, when enough has left for the person to ask again. Null when nothing is used.
   */
  resetsAt: Date | null;
}

/**
 * What remains of each of the course's limits for the person now: tutor questions in the hour, tokens
 * for them and for the whole course in the day (or whatever windows the course's rules have), with when
 * each gives back. The same counts `checkTutorBudget` refuses on, so what is shown is what holds.
 */
export async function remainingBudget(
  db: Prisma,
  input: BudgetSubject & { defaults: BudgetRule[] },
): Promise<BudgetAllowance[]> {
  const rules = await budgetRules(db, input.courseId, input.defaults);
  const usages = await measureUsage(db, input, rules);
  const allowances = usages.flatMap((usage) => allowancesOf(usage));
  return Promise.all(
    allowances.map(async ({ allowance, usage }) =>
      allowance.remaining > 0 || allowance.used === 0
        ? allowance
        : { ...allowance, resetsAt: await availableAgainAt(db, input, usage, allowance.measure) },
    ),
  );
}

function allowancesOf(usage: RuleUsage): Array<{ allowance: BudgetAllowance; usage: RuleUsage }> {
  const { rule } = usage;
  const windowEnd = usage.oldest ? new Date(usage.oldest.getTime() + rule.windowSeconds * 1000) : null;
  const one = (measure: BudgetMeasure, limit: number, used: number) => ({
    usage,
    allowance: {
      scope: rule.scope,
      measure,
      windowSeconds: rule.windowSeconds,
      limit,
      used,
      remaining: Math.max(0, limit - used),
      resetsAt: used > 0 ? windowEnd : null,
    },
  });
  return [
    ...(rule.maxRequests != null ? [one("requests", rule.maxRequests, usage.requests)] : []),
    ...(rule.maxTokens != null ? [one("tokens", rule.maxTokens, usage.tokens)] : []),
  ];
}

/** What a person sees of their own allowance in one course: the numbers, and core's one line for them. */
export interface MyAllowance {
  allowances: BudgetAllowance[];
  /** "Today: 7 of 10 questions left this hour; …"; null when the course has no limits. */
  text: string | null;
}

/**
 * The actor's own remaining allowance in a course they are enrolled in (the LMS page shows it beside
 * the Ask box). `defaults` are the deployment's limits, the tutor's `limits`.
 */
export async function myRemainingBudget(
  db: Prisma,
  input: { actor: Actor; courseId: string; defaults: BudgetRule[]; now?: Date },
): Promise<MyAllowance> {
  const { userId } = await resolveUser(db, input.actor);
  await requireEnrollment(db, input.courseId, userId);
  const now = input.now ?? new Date();
  const allowances = await remainingBudget(db, {
    courseId: input.courseId,
    userId,
    defaults: input.defaults,
    now,
  });
  return { allowances, text: describeAllowances(allowances, now) };
}
