import { z } from "zod";
import { requireStaff } from "../../courses/enrollments.ts";
import type { Prisma } from "../../db/open-database.ts";
import { actorSchema } from "../../people/actor.ts";
import { resolveUser } from "../../people/resolve-user.ts";
import { findReportSession, questionStats } from "./quiz-report.ts";

export const exportResultsInput = z.object({
  actor: actorSchema,
  courseId: z.uuid(),
  spaceId: z.string().max(255).optional(),
  sessionId: z.uuid().optional(),
});

/**
 * A finished game as CSV for staff: one row per person with their totals and the points of every
 * question (empty when unanswered). Cells that a spreadsheet would run as a formula are quoted safe.
 */
export async function exportQuizResultsCsv(
  db: Prisma,
  input: z.input<typeof exportResultsInput>,
): Promise<{ fileName: string; csv: string; rows: number }> {
  const parsed = exportResultsInput.parse(input);
  const { userId } = await resolveUser(db, parsed.actor);
  await requireStaff(db, parsed.courseId, userId);
  const session = await findReportSession(db, parsed);
  const [quiz, results, stats, answers] = await Promise.all([
    db.quiz.findUniqueOrThrow({ where: { id: session.quizId }, select: { title: true } }),
    db.quizResult.findMany({
      where: { sessionId: session.id },
      orderBy: [{ rank: "asc" }, { displayName: "asc" }],
    }),
    questionStats(db, session),
    db.answer.findMany({
      where: { sessionId: session.id },
      select: { userId: true, questionId: true, points: true },
    }),
  ]);
  const points = new Map(answers.map((a) => [`${a.userId}:${a.questionId}`, a.points]));
  const header = [
    "person",
    "team",
    "rank",
    "score",
    "accuracy",
    "correct",
    "partial",
    "incorrect",
    "unanswered",
    "avg_seconds",
    "best_streak",
    ...stats.map((s) => `q${s.position + 1}_points`),
  ];
  const lines = [header.map(csvCell).join(",")];
  for (const r of results) {
    lines.push(
      [
        r.displayName,
        r.team ?? "",
        r.rank,
        r.score,
        r.accuracy.toFixed(3),
        r.correctCount,
        r.partialCount,
        r.incorrectCount,
        r.unanswered,
        r.avgLatencyMs === null ? "" : (r.avgLatencyMs / 1000).toFixed(2),
        r.bestStreak,
        ...stats.map((s) => points.get(`${r.userId}:${s.question.id}`) ?? ""),
      ]
        .map(csvCell)
        .join(","),
    );
  }
  const day = (session.endedAt ?? session.createdAt).toISOString().slice(0, 10);
  const slug =
    quiz.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 40) || "quiz";
  return { fileName: `${slug}-${day}.csv`, csv: `${lines.join("\r\n")}\r\n`, rows: results.length };
}

/** RFC 4180 quoting, and a leading apostrophe on text that starts like a formula (=, +, -, @). */
export function csvCell(value: string | number): string {
  if (typeof value === "number") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
