import { z } from "zod";
import type { Prisma } from "../db/open-database.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { recentQuizResults } from "../quiz/results/recent-results.ts";
import { courseNotFound, studyMember } from "../study-guides/study-access.ts";

/** One thing the person did, with how it went, as their history lists it. */
export interface HistoryItem {
  kind: "game" | "practice" | "review" | "session";
  /** ISO 8601: when a game or run finished; a day's reviews, the last review of the day. */
  at: string;
  /** The course's name. */
  course: string;
  title: string;
  /** How it went in words: "2,450 pts · place 2 of 30 · 3 of 4 right", "7 of 10 right", "12 cards · 83% remembered". */
  score: string;
}

/** A person's history, newest first. */
export interface HistoryView {
  items: HistoryItem[];
  /** The person's time zone, in which a day's reviews were counted and in which to show dates. */
  timeZone: string;
}

/** Items listed unless a front end asks for another number. */
export const HISTORY_LIMIT = 20;

export const historyInput = z.object({
  actor: actorSchema,
  courseId: z.uuid().nullable(),
  limit: z.number().int().min(1).max(100).default(HISTORY_LIMIT),
});

interface Scope {
  userId: string;
  courseIds: string[];
  limit: number;
  timeZone: string;
}

/**
 * The person's own history: live games (score, place when the game showed rankings, accuracy),
 * finished practice runs (right of asked) and flashcard reviews (one item per course and local day:
 * cards reviewed and the share not rated "Again") and the study sessions they attended (what they did
 * there), newest first. In one course they are a member of,
 * or with `courseId` null across every course they are still in. Each kind is read newest first up to
 * the limit, so the merge never reads more than `limit` rows of any kind.
 */
export async function getHistory(
  db: Prisma,
  input: z.input<typeof historyInput>,
  _options: { now?: Date } = {},
): Promise<HistoryView> {
  const { actor, courseId, limit } = parseUseCaseInput(historyInput, input, {
    courseId: () => courseNotFound(""),
  });
  const userId = courseId
    ? (await studyMember(db, actor, courseId)).userId
    : (await resolveUser(db, actor)).userId;
  const courseIds = courseId
    ? [courseId]
    : (await db.enrollment.findMany({ where: { userId, removedAt: null }, select: { courseId: true } })).map(
        (e) => e.courseId,
      );
  const settings = await db.studySettings.findUnique({ where: { userId }, select: { timeZone: true } });
  const scope: Scope = { userId, courseIds, limit, timeZone: settings?.timeZone ?? "UTC" };
  if (courseIds.length === 0) return { items: [], timeZone: scope.timeZone };
  const items = [
    ...(await games(db, scope)),
    ...(await practiceRuns(db, scope)),
    ...(await reviewDays(db, scope)),
    ...(await sessionsAttended(db, scope)),
  ];
  items.sort((a, b) => b.at.localeCompare(a.at));
  return { items: items.slice(0, limit), timeZone: scope.timeZone };
}

async function games(db: Prisma, scope: Scope): Promise<HistoryItem[]> {
  const results = await recentQuizResults(db, scope.userId, scope.limit, { courseIds: scope.courseIds });
  return results.map((r) => ({
    kind: "game" as const,
    at: r.playedAt.toISOString(),
    course: r.courseName,
    title: r.quizTitle,
    // A game that hid rankings showed each player only their own result; history keeps it so.
    score: `${r.score.toLocaleString("en-US")} pts${r.place ? ` · place ${r.place.rank} of ${r.place.players}` : ""} · ${r.correct} of ${r.questions} right`,
  }));
}

async function practiceRuns(db: Prisma, scope: Scope): Promise<HistoryItem[]> {
  const runs = await db.practiceRun.findMany({
    where: { userId: scope.userId, courseId: { in: scope.courseIds }, finishedAt: { not: null } },
    orderBy: { finishedAt: "desc" },
    take: scope.limit,
    select: {
      mode: true,
      correctCount: true,
      questionIds: true,
      finishedAt: true,
      quiz: { select: { title: true } },
      course: { select: { name: true } },
    },
  });
  return runs.map((r) => ({
    kind: "practice" as const,
    at: (r.finishedAt as Date).toISOString(),
    course: r.course.name,
    title: r.mode === "RETRY_MISSED" ? `${r.quiz.title} (missed questions)` : r.quiz.title,
    score: `${r.correctCount} of ${r.questionIds.length} right`,
  }));
}

const ATTENDANCE_WORDS = {
  JOINED: "was there",
  ANSWERED: "answered questions",
  REVIEWED: "reviewed cards",
} as const;

async function sessionsAttended(db: Prisma, scope: Scope): Promise<HistoryItem[]> {
  const sessions = await db.studySession.findMany({
    where: {
      courseId: { in: scope.courseIds },
      status: "ENDED",
      attendance: { some: { userId: scope.userId } },
    },
    orderBy: { startsAt: "desc" },
    take: scope.limit,
    select: {
      title: true,
      startsAt: true,
      course: { select: { name: true } },
      attendance: { where: { userId: scope.userId }, select: { kind: true }, orderBy: { kind: "asc" } },
    },
  });
  return sessions.map((s) => ({
    kind: "session" as const,
    at: s.startsAt.toISOString(),
    course: s.course.name,
    title: s.title,
    score: `attended: ${s.attendance.map((a) => ATTENDANCE_WORDS[a.kind]).join(", ")}`,
  }));
}

/** Reviews grouped by course and the person's local day, in SQL so a long review habit stays one small read. */
async function reviewDays(db: Prisma, scope: Scope): Promise<HistoryItem[]> {
  const rows = await db.$queryRaw<
    Array<{ course: string; day: string; cards: number; remembered: number; lastAt: Date }>
  >`
    SELECT c."name" AS "course", d."day", COUNT(*)::int AS "cards",
           (COUNT(*) FILTER (WHERE r."rating" > 1))::int AS "remembered", MAX(r."reviewedAt") AS "lastAt"
    FROM "ReviewLog" r
    JOIN "Course" c ON c."id" = r."courseId"
    CROSS JOIN LATERAL (
      SELECT ((r."reviewedAt" AT TIME ZONE 'UTC') AT TIME ZONE ${scope.timeZone})::date::text AS "day"
    ) d
    WHERE r."userId" = ${scope.userId}::uuid AND r."courseId" = ANY(${scope.courseIds}::uuid[])
    GROUP BY c."id", c."name", d."day"
    ORDER BY MAX(r."reviewedAt") DESC
    LIMIT ${scope.limit}`;
  return rows.map((r) => ({
    kind: "review" as const,
    at: r.lastAt.toISOString(),
    course: r.course,
    title: "Flashcard review",
    score: `${r.cards} ${r.cards === 1 ? "card" : "cards"} · ${percent(r.remembered / r.cards)} remembered`,
  }));
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
