import { z } from "zod";
import type { Prisma } from "../db/open-database.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";

const recentQuestionsInput = z.object({
  userId: z.uuid(),
  limit: z.number().int().min(1).max(50).default(5),
});

/** A question a person asked the tutor, in any of their courses. */
export interface RecentQuestion {
  question: string;
  courseName: string;
  answered: boolean;
  at: Date;
}

/** The person's latest questions across their courses (their own history only), newest first. */
export async function listRecentQuestions(
  db: Prisma,
  input: z.input<typeof recentQuestionsInput>,
): Promise<RecentQuestion[]> {
  const { userId, limit } = parseUseCaseInput(recentQuestionsInput, input);
  const rows = await db.usageLog.findMany({
    // Refused-by-limit rows are not questions the person saw answered; NULL needs its own branch in SQL.
    where: {
      userId,
      kind: "TUTOR",
      OR: [{ refusedReason: null }, { refusedReason: { not: "rate_limited" } }],
    },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { question: true, answered: true, createdAt: true, course: { select: { name: true } } },
  });
  return rows.map((r) => ({
    question: r.question,
    courseName: r.course.name,
    answered: r.answered,
    at: r.createdAt,
  }));
}
