import { z } from "zod";
import { requireStaff } from "../courses/enrollments.ts";
import type { Prisma } from "../db/open-database.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import type { BudgetRule } from "./tutor-limits.ts";

const usageSummaryInput = z.object({
  actor: actorSchema,
  courseId: z.uuid(),
  days: z.number().int().min(1).max(90).default(30),
});

export interface UsageLine {
  questions: number;
  answered: number;
  tokens: number;
}

export interface UsageSummary {
  since: Date;
  total: UsageLine;
  /** Days with any question, newest first (YYYY-MM-DD, UTC). */
  byDay: Array<UsageLine & { day: string }>;
  /** People by questions asked, most first. */
  byPerson: Array<UsageLine & { who: string | null }>;
  /** The limits in force: the course's own rows, and the deployment's defaults they do not replace. */
  budgets: Array<BudgetRule & { source: "course" | "default" }>;
}

interface Row {
  key: string | null;
  questions: bigint | number;
  answered: bigint | number;
  tokens: bigint | number;
}

/**
 * The tutor's use in the course over the last `days` (UsageLog): questions, how many were answered and
 * model tokens (quiz generation's too), per day and per person, with the limits in force. UsageLog records tokens, not money;
 * a price per token is not known to StudyHall, so no cost is made up here. Staff only.
 */
export async function courseUsageSummary(
  db: Prisma,
  input: z.input<typeof usageSummaryInput>,
  defaults: BudgetRule[] = [],
  now: Date = new Date(),
): Promise<UsageSummary> {
  const { actor, courseId, days } = usageSummaryInput.parse(input);
  const { userId } = await resolveUser(db, actor);
  await requireStaff(db, courseId, userId);
  const since = new Date(now.getTime() - days * 86_400_000);
  const [byDay, byPerson, own] = await Promise.all([
    db.$queryRaw<Row[]>`
      SELECT to_char(date_trunc('day', "createdAt"), 'YYYY-MM-DD') AS key,
             count(*) FILTER (WHERE kind = 'TUTOR') AS questions,
             count(*) FILTER (WHERE answered AND kind = 'TUTOR') AS answered,
             COALESCE(sum("tokensIn" + "tokensOut"), 0) AS tokens
      FROM "UsageLog" WHERE "courseId" = ${courseId}::uuid AND "createdAt" > ${since}
      GROUP BY 1 ORDER BY 1 DESC`,
    db.$queryRaw<Row[]>`
      SELECT u."displayName" AS key,
             count(*) FILTER (WHERE l.kind = 'TUTOR') AS questions,
             count(*) FILTER (WHERE l.answered AND l.kind = 'TUTOR') AS answered,
             COALESCE(sum(l."tokensIn" + l."tokensOut"), 0) AS tokens
      FROM "UsageLog" l LEFT JOIN "User" u ON u.id = l."userId"
      WHERE l."courseId" = ${courseId}::uuid AND l."createdAt" > ${since}
      GROUP BY l."userId", u."displayName" ORDER BY 2 DESC, 1 LIMIT 50`,
    db.budget.findMany({ where: { courseId }, orderBy: { windowSeconds: "asc" } }),
  ]);
  const line = (r: Row): UsageLine => ({
    questions: Number(r.questions),
    answered: Number(r.answered),
    tokens: Number(r.tokens),
  });
  const days_ = byDay.map((r) => ({ day: r.key ?? "", ...line(r) }));
  const key = (r: BudgetRule) => `${r.scope}:${r.windowSeconds}`;
  const ownKeys = new Set(own.map(key));
  return {
    since,
    total: days_.reduce(
      (t, d) => ({
        questions: t.questions + d.questions,
        answered: t.answered + d.answered,
        tokens: t.tokens + d.tokens,
      }),
      { questions: 0, answered: 0, tokens: 0 },
    ),
    byDay: days_,
    byPerson: byPerson.map((r) => ({ who: r.key, ...line(r) })),
    budgets: [
      ...own.map((b) => ({
        scope: b.scope,
        windowSeconds: b.windowSeconds,
        maxRequests: b.maxRequests,
        maxTokens: b.maxTokens,
        source: "course" as const,
      })),
      ...defaults.filter((d) => !ownKeys.has(key(d))).map((d) => ({ ...d, source: "default" as const })),
    ],
  };
}
