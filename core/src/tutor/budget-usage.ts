import type { BudgetScope } from "../db/generated/enums.ts";
import { join, raw, sql } from "../db/generated/internal/prismaNamespace.ts";
import type { Prisma } from "../db/open-database.ts";

/** One limit: at most `maxRequests` questions and/or `maxTokens` model tokens per window. */
export interface BudgetRule {
  scope: BudgetScope;
  windowSeconds: number;
  maxRequests?: number | null;
  maxTokens?: number | null;
}

/** Why a request was refused; stored in UsageLog.refusedReason. Refusals never count against limits. */
export const RATE_LIMITED = "rate_limited";

/** What a rule counts: tutor questions (`requests`) or model tokens of every kind of use (`tokens`). */
export type BudgetMeasure = "requests" | "tokens";

/** Who is measured: the person, for PER_USER rules, in the course. */
export interface BudgetSubject {
  courseId: string;
  userId: string;
  now: Date;
}

/** One rule's use in its window. `oldest` is the oldest row counted, whose leaving gives some back. */
export interface RuleUsage {
  rule: BudgetRule;
  requests: number;
  tokens: number;
  oldest: Date | null;
}

/**
 * The limits in force for a course: its own Budget rows replace the deployment defaults of the same
 * scope and window; rules that limit nothing are left out.
 */
export async function budgetRules(
  db: Prisma,
  courseId: string,
  defaults: BudgetRule[],
): Promise<BudgetRule[]> {
  const own = await db.budget.findMany({ where: { courseId } });
  const key = (r: BudgetRule) => `${r.scope}:${r.windowSeconds}`;
  const rules = new Map<string, BudgetRule>(defaults.map((r) => [key(r), r]));
  for (const rule of own) rules.set(key(rule), rule);
  return [...rules.values()].filter((r) => r.maxRequests != null || r.maxTokens != null);
}

/**
 * Requests and tokens used under each rule, in one query over the longest window. Windows are rolling:
 * a row counts while it is younger than the window. Requests are tutor questions only; tokens count
 * every kind (quiz generation too). Rows refused by a limit count for neither.
 */
export async function measureUsage(
  db: Prisma,
  subject: BudgetSubject,
  rules: BudgetRule[],
): Promise<RuleUsage[]> {
  if (rules.length === 0) return [];
  const columns = rules.map((rule, i) => {
    const inWindow = windowFilter(rule, subject);
    return sql`count(*) FILTER (WHERE ${inWindow} AND kind = 'TUTOR') AS ${raw(`r${i}`)},
      COALESCE(sum("tokensIn" + "tokensOut") FILTER (WHERE ${inWindow}), 0) AS ${raw(`t${i}`)},
      min("createdAt") FILTER (WHERE ${inWindow}) AS ${raw(`o${i}`)}`;
  });
  const longest = rules.reduce((a, b) => (a.windowSeconds >= b.windowSeconds ? a : b));
  const [row] = await db.$queryRaw<Array<Record<string, bigint | number | Date | null>>>`
    SELECT ${join(columns)}
    FROM "UsageLog"
    WHERE "courseId" = ${subject.courseId}::uuid AND "createdAt" > ${windowStart(longest, subject.now)}
      AND "refusedReason" IS DISTINCT FROM ${RATE_LIMITED}`;
  return rules.map((rule, i) => ({
    rule,
    requests: Number(row?.[`r${i}`] ?? 0),
    tokens: Number(row?.[`t${i}`] ?? 0),
    oldest: (row?.[`o${i}`] as Date | null | undefined) ?? null,
  }));
}

/**
 * When a spent rule allows one more again: the moment enough of its oldest counted rows have left the
 * window for the use to fall below the limit (usually the oldest row's; more when a large answer took
 * the tokens well past it).
 */
export async function availableAgainAt(
  db: Prisma,
  subject: BudgetSubject,
  usage: RuleUsage,
  measure: BudgetMeasure,
): Promise<Date> {
  const { rule } = usage;
  const limit = (measure === "requests" ? rule.maxRequests : rule.maxTokens) ?? 0;
  const excess = (measure === "requests" ? usage.requests : usage.tokens) - limit + 1;
  const weight = measure === "requests" ? sql`1` : sql`"tokensIn" + "tokensOut"`;
  const kind = measure === "requests" ? sql`AND kind = 'TUTOR'` : sql``;
  const [row] = await db.$queryRaw<Array<{ at: Date | null }>>`
    SELECT min(at) AS at FROM (
      SELECT "createdAt" AS at, sum(${weight}) OVER (ORDER BY "createdAt", id) AS spent
      FROM "UsageLog"
      WHERE "courseId" = ${subject.courseId}::uuid AND ${windowFilter(rule, subject)} ${kind}
        AND "refusedReason" IS DISTINCT FROM ${RATE_LIMITED}
    ) counted
    WHERE spent >= ${Math.max(1, excess)}`;
  const from = row?.at ?? subject.now;
  return new Date(from.getTime() + rule.windowSeconds * 1000);
}

function windowStart(rule: BudgetRule, now: Date): Date {
  return new Date(now.getTime() - rule.windowSeconds * 1000);
}

function windowFilter(rule: BudgetRule, subject: BudgetSubject) {
  const since = windowStart(rule, subject.now);
  return rule.scope === "PER_USER"
    ? sql`"createdAt" > ${since} AND "userId" = ${subject.userId}::uuid`
    : sql`"createdAt" > ${since}`;
}
