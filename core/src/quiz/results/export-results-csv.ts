import { z } from "zod";
import { requireStaff } from "../../courses/enrollments.ts";
import type { QuizSession } from "../../db/generated/client.ts";
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
 * A finished game as CSV for staff: one row per person with their totals, the ids that match them to
 * a gradebook, and the points of every question (empty when unanswered). Columns, in order:
 * person, team, rank, score, accuracy, correct, partial, incorrect, unanswered, avg_seconds,
 * best_streak (as before), then platform (where the game was played: slack, discord, lti, cli),
 * platform_user_id (the person's id there: a Slack or Discord user id, an LTI `sub`) and lms_user_id
 * (their LTI `sub` in an LMS this course is linked to, once they have linked their accounts: the id the
 * LMS's gradebook knows them by), then q1_points, q2_points, ... No email: StudyHall keys people on
 * platform ids and never stores one. Cells that a spreadsheet would run as a formula are quoted safe.
 */
export async function exportQuizResultsCsv(
  db: Prisma,
  input: z.input<typeof exportResultsInput>,
): Promise<{ fileName: string; csv: string; rows: number }> {
  const parsed = exportResultsInput.parse(input);
  const { userId } = await resolveUser(db, parsed.actor);
  await requireStaff(db, parsed.courseId, userId);
  const session = await findReportSession(db, parsed);
  const [quiz, results, stats, answers, ids] = await Promise.all([
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
    personIds(db, session),
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
    "platform",
    "platform_user_id",
    "lms_user_id",
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
        session.platform.toLowerCase(),
        ids.platform.get(r.userId) ?? "",
        ids.lms.get(r.userId) ?? "",
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

/**
 * Each player's id on the game's platform, and in the LMS contexts linked to the course (several
 * joined with ";" in the rare course linked from more than one LMS). A Discord account's identity has
 * no tenant (its ids are global), so a game in a guild finds it under "".
 */
async function personIds(
  db: Prisma,
  session: Pick<QuizSession, "id" | "courseId" | "platform" | "tenant">,
): Promise<{ platform: Map<string, string>; lms: Map<string, string> }> {
  const players = await db.quizResult.findMany({
    where: { sessionId: session.id },
    select: { userId: true },
  });
  const userIds = players.map((p) => p.userId);
  const lmsTenants = (
    await db.courseSpace.findMany({
      where: { courseId: session.courseId, platform: "LTI" },
      select: { tenant: true },
      distinct: ["tenant"],
    })
  ).map((s) => s.tenant);
  const identities = await db.identity.findMany({
    where: {
      userId: { in: userIds },
      OR: [
        { platform: session.platform, tenant: { in: [session.tenant, ""] } },
        { platform: "LTI", tenant: { in: lmsTenants } },
      ],
    },
    select: { userId: true, platform: true, tenant: true, externalId: true },
    orderBy: [{ tenant: "desc" }, { externalId: "asc" }],
  });
  const platform = new Map<string, string>();
  const lms = new Map<string, string[]>();
  for (const i of identities) {
    // The tenant of the game first ("desc" puts "" last), so a tenant-less identity only fills a gap.
    if (
      i.platform === session.platform &&
      (i.tenant === session.tenant || i.tenant === "") &&
      !platform.has(i.userId)
    )
      platform.set(i.userId, i.externalId);
    if (i.platform === "LTI" && lmsTenants.includes(i.tenant))
      lms.set(i.userId, [...(lms.get(i.userId) ?? []), i.externalId]);
  }
  return { platform, lms: new Map([...lms].map(([userId, subs]) => [userId, [...new Set(subs)].join(";")])) };
}

/** RFC 4180 quoting, and a leading apostrophe on text that starts like a formula (=, +, -, @). */
export function csvCell(value: string | number): string {
  if (typeof value === "number") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
