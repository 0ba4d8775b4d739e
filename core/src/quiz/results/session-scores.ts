import type { Platform } from "../../db/generated/enums.ts";
import type { Prisma } from "../../db/open-database.ts";

/** A played session as a gradebook needs it: which quiz, where it was played, when it ended. */
export interface ScoredSession {
  id: string;
  courseId: string;
  quizId: string;
  quizTitle: string;
  platform: Platform;
  tenant: string;
  spaceId: string;
  endedAt: Date | null;
}

/** The session, or null when it is gone (its course was deleted). */
export async function readScoredSession(db: Prisma, sessionId: string): Promise<ScoredSession | null> {
  const row = await db.quizSession.findUnique({
    where: { id: sessionId },
    include: { quiz: { select: { title: true } } },
  });
  if (!row) return null;
  return {
    id: row.id,
    courseId: row.courseId,
    quizId: row.quizId,
    quizTitle: row.quiz.title,
    platform: row.platform,
    tenant: row.tenant,
    spaceId: row.spaceId,
    endedAt: row.endedAt,
  };
}

/** How many people have a result in the session. */
export async function countSessionPlayers(db: Prisma, sessionId: string): Promise<number> {
  return db.quizResult.count({ where: { sessionId } });
}

/** A student's result in a session, with the account they have on the platform asked about. */
export interface StudentScore {
  resultId: string;
  userId: string;
  accuracy: number;
  finishedAt: Date;
  /** Their id on that platform and tenant (an LMS's `sub`), or null when they never came from it. */
  externalId: string | null;
}

/**
 * The session's results of students (course staff who played are counted, not listed), each with the
 * person's account on one platform and tenant, so a front end can send scores to its own gradebook.
 */
export async function listStudentScores(
  db: Prisma,
  input: { sessionId: string; courseId: string; platform: Platform; tenant: string },
): Promise<{ students: StudentScore[]; staff: number }> {
  const results = await db.quizResult.findMany({
    where: { sessionId: input.sessionId },
    select: { id: true, userId: true, accuracy: true, createdAt: true },
  });
  const staffRows = await db.enrollment.findMany({
    where: { courseId: input.courseId, role: "STAFF", userId: { in: results.map((r) => r.userId) } },
    select: { userId: true },
  });
  const staff = new Set(staffRows.map((e) => e.userId));
  const students = results.filter((r) => !staff.has(r.userId));
  const identities = await db.identity.findMany({
    where: { platform: input.platform, tenant: input.tenant, userId: { in: students.map((r) => r.userId) } },
    // A person merged from two accounts of one platform has two ids there; the latest seen is the live one.
    orderBy: { lastSeenAt: "asc" },
    select: { userId: true, externalId: true },
  });
  const externalIdOf = new Map(identities.map((i) => [i.userId, i.externalId]));
  return {
    students: students.map((r) => ({
      resultId: r.id,
      userId: r.userId,
      accuracy: r.accuracy,
      finishedAt: r.createdAt,
      externalId: externalIdOf.get(r.userId) ?? null,
    })),
    staff: staff.size,
  };
}
