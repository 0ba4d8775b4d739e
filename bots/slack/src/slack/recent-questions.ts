import type { Prisma } from "@studyhall/core";

export interface RecentQuestion {
  question: string;
  courseName: string;
  answered: boolean;
  at: Date;
}

/** The person's latest questions across their courses (their own history only), newest first. */
export async function recentQuestions(db: Prisma, userId: string, limit = 5): Promise<RecentQuestion[]> {
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
