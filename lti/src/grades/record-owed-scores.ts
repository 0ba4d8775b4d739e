import {
  type Logger,
  listStudentScores,
  type Prisma,
  readScoredSession,
  type ScoredSession,
} from "@studyhall/core";
import { AGS_SCOPE } from "../services/ags-client.ts";
import { GRADEBOOK_SCORE_MAXIMUM, gradebookScoreGiven } from "./gradebook-score.ts";

/** An LMS context of the course whose gradebook takes StudyHall scores. */
export interface GradebookLink {
  id: string;
  platformId: string;
  issuer: string;
  contextId: string;
  lineItemsUrl: string;
  agsScopes: string[];
}

/** A finished session whose results are owed to the course's gradebooks. */
export type GradebookSession = ScoredSession;

/**
 * The session and the course's LMS contexts that announced a line items service and granted the
 * score scope. Null when the session is gone (its course was deleted): nothing is owed any more.
 */
export async function loadGradebookSession(
  db: Prisma,
  sessionId: string,
  log: Logger,
): Promise<{ session: GradebookSession; links: GradebookLink[] } | null> {
  const session = await readScoredSession(db, sessionId);
  if (!session) return null;
  const rows = await db.ltiCourseLink.findMany({
    where: { courseId: session.courseId, lineItemsUrl: { not: null } },
    include: { platform: { select: { issuer: true } } },
    orderBy: { createdAt: "asc" },
  });
  const links: GradebookLink[] = [];
  for (const link of rows) {
    if (!link.agsScopes.includes(AGS_SCOPE.score)) {
      log.warn({ linkId: link.id, contextId: link.contextId }, "LMS context grants no score scope; skipped");
      continue;
    }
    links.push({
      id: link.id,
      platformId: link.platformId,
      issuer: link.platform.issuer,
      contextId: link.contextId,
      lineItemsUrl: link.lineItemsUrl!,
      agsScopes: link.agsScopes,
    });
  }
  return { session, links };
}

/**
 * Writes the LtiScore rows a session owes one LMS context: one per student result whose person has an
 * LTI identity on the context's platform (its `sub` is the gradebook's user id). Idempotent (unique on
 * link + result), so a retried job adds nothing. Staff who played are left out of the gradebook, and
 * students who never launched from the LMS cannot be matched: both are counted in the log.
 */
export async function recordOwedScores(
  db: Prisma,
  input: { session: GradebookSession; link: GradebookLink },
  log: Logger,
): Promise<{ owed: number; withoutLtiIdentity: number; staff: number }> {
  const { session, link } = input;
  // The LTI accounts are the LMS's `sub`s under this issuer; a student who never launched from it has none.
  const { students, staff } = await listStudentScores(db, {
    sessionId: session.id,
    courseId: session.courseId,
    platform: "LTI",
    tenant: link.issuer,
  });
  const owed = students.filter((r) => r.externalId !== null);
  if (owed.length > 0) {
    await db.ltiScore.createMany({
      data: owed.map((r) => ({
        linkId: link.id,
        quizId: session.quizId,
        resultId: r.resultId,
        userId: r.userId,
        subject: r.externalId!,
        scoreGiven: gradebookScoreGiven(r.accuracy),
        scoreMaximum: GRADEBOOK_SCORE_MAXIMUM,
        activityAt: session.endedAt ?? r.finishedAt,
      })),
      skipDuplicates: true,
    });
  }
  const counts = { owed: owed.length, withoutLtiIdentity: students.length - owed.length, staff };
  log.info(
    { sessionId: session.id, linkId: link.id, contextId: link.contextId, ...counts },
    counts.withoutLtiIdentity > 0
      ? "scores owed to the LMS gradebook; students who never launched from this LMS are skipped"
      : "scores owed to the LMS gradebook",
  );
  return counts;
}
