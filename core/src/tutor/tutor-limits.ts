import type { BudgetScope } from "../db/generated/enums.ts";
import { join, raw, sql } from "../db/generated/internal/prismaNamespace.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";

/** One limit: at most `maxRequests` questions and/or `maxTokens` model tokens per window. */
export interface BudgetRule {
  scope: BudgetScope;
  windowSeconds: number;
  maxRequests?: number | null;
  maxTokens?: number | null;
}

/** Why a request was refused; stored in UsageLog.refusedReason. Refusals never count against limits. */
export const RATE_LIMITED = "rate_limited";

/**
 * Throws RateLimited if answering now would break one of the course's limits. The course's own Budget
 * rows replace the deployment defaults of the same scope and window. Counts come from UsageLog, so the
 * limits hold across every process that shares the database.
 */
export async function checkTutorBudget(
  db: Prisma,
  input: { courseId: string; userId: string; defaults: BudgetRule[]; now: Date },
): Promise<void> {
  const own = await db.budget.findMany({ where: { courseId: input.courseId } });
  const key = (r: BudgetRule) => `${r.scope}:${r.windowSeconds}`;
  const rules = new Map<string, BudgetRule>(input.defaults.map((r) => [key(r), r]));
  for (const rule of own) rules.set(key(rule), rule);

  const active = [...rules.values()].filter((r) => r.maxRequests != null || r.maxTokens != null);
  if (active.length === 0) return;
  const usage = await measureUsage(db, input, active);
  active.forEach((rule, i) => {
    const used = usage[i]!;
    if (rule.maxRequests != null && used.requests >= rule.maxRequests) throw refusal(rule, "requests");
    if (rule.maxTokens != null && used.tokens >= rule.maxTokens) throw refusal(rule, "tokens");
  });
}

/** Requests and tokens used under each rule, in one query over the longest window. */
async function measureUsage(
  db: Prisma,
  input: { courseId: string; userId: string; now: Date },
  rules: BudgetRule[],
): Promise<Array<{ requests: number; tokens: number }>> {
  const since = (rule: BudgetRule) => new Date(input.now.getTime() - rule.windowSeconds * 1000);
  const columns = rules.map((rule, i) => {
    const inWindow =
      rule.scope === "PER_USER"
        ? sql`"createdAt" > ${since(rule)} AND "userId" = ${input.userId}::uuid`
        : sql`"createdAt" > ${since(rule)}`;
    return sql`count(*) FILTER (WHERE ${inWindow}) AS ${raw(`r${i}`)},
      COALESCE(sum("tokensIn" + "tokensOut") FILTER (WHERE ${inWindow}), 0) AS ${raw(`t${i}`)}`;
  });
  const longest = rules.reduce((a, b) => (a.windowSeconds >= b.windowSeconds ? a : b));
  const [row] = await db.$queryRaw<Array<Record<string, bigint | number>>>`
    SELECT ${join(columns)}
    FROM "UsageLog"
    WHERE "courseId" = ${input.courseId}::uuid AND "createdAt" > ${since(longest)}
      AND "refusedReason" IS DISTINCT FROM ${RATE_LIMITED}`;
  return rules.map((_, i) => ({
    requests: Number(row?.[`r${i}`] ?? 0),
    tokens: Number(row?.[`t${i}`] ?? 0),
  }));
}

function refusal(rule: BudgetRule, what: "requests" | "tokens"): AppError {
  const window = describeWindow(rule.windowSeconds);
  const userMessage =
    rule.scope === "PER_USER"
      ? what === "requests"
        ? `You have asked ${rule.maxRequests} questions in the last ${window}, the limit for this course. Please try again a little later.`
        : `You have used your tutor allowance for the last ${window}. Please try again later.`
      : `This course has used its tutor allowance for the last ${window}. Please try again later or tell your teacher.`;
  return new AppError(ErrorCode.RateLimited, `tutor ${what} limit reached`, {
    userMessage,
    details: { scope: rule.scope, windowSeconds: rule.windowSeconds, what },
  });
}

function describeWindow(seconds: number): string {
  if (seconds % 86_400 === 0) return seconds === 86_400 ? "day" : `${seconds / 86_400} days`;
  if (seconds % 3600 === 0) return seconds === 3600 ? "hour" : `${seconds / 3600} hours`;
  return seconds % 60 === 0 ? `${seconds / 60} minutes` : `${seconds} seconds`;
}
