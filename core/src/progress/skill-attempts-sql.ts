// The one SQL read behind skills: every attempt at a topic (live answers, practice answers, card
// reviews) of some people, only in courses they are enrolled in, the latest few per person and topic.

import type { Prisma } from "../db/open-database.ts";

/** One attempt at a topic, as the skills maths reads it. */
export interface SkillAttempt {
  userId: string;
  /** The topic as last written (trimmed); attempts are grouped by it case-insensitively. */
  topic: string;
  right: boolean;
  at: Date;
  /** Every attempt the person made at the topic, not only the ones returned. */
  total: number;
}

/**
 * The latest `perTopic` attempts of each person at each topic, in no particular order.
 *
 * A question's topic is its quiz's topic, else the quiz's title; a card's is its deck's topic, else the
 * deck's title. A review rated above 1 ("again") is right. Live answers are reached through the course's
 * sessions (Answer has no index by person), practice and reviews through their own person indexes.
 *
 * @param scope.courseId one course, or null for every course each person is enrolled in
 */
export function readSkillAttempts(
  db: Prisma,
  scope: { userIds: string[]; courseId: string | null },
  perTopic: number,
): Promise<SkillAttempt[]> {
  const { userIds, courseId } = scope;
  return db.$queryRaw<SkillAttempt[]>`
    WITH enrolled AS (
      SELECT e."userId", e."courseId" FROM "Enrollment" e
      WHERE e."userId" = ANY(${userIds}::uuid[]) AND e."removedAt" IS NULL
        AND (${courseId}::uuid IS NULL OR e."courseId" = ${courseId}::uuid)
    ), attempts AS (
      SELECT a."userId", COALESCE(NULLIF(btrim(z.topic), ''), btrim(z.title)) AS topic,
             a.correct AS "right", a."answeredAt" AS at
      FROM enrolled e
      JOIN "QuizSession" s ON s."courseId" = e."courseId"
      JOIN "Answer" a ON a."sessionId" = s.id AND a."userId" = e."userId"
      JOIN "Question" q ON q.id = a."questionId"
      JOIN "Quiz" z ON z.id = q."quizId"
      UNION ALL
      SELECT r."userId", COALESCE(NULLIF(btrim(z.topic), ''), btrim(z.title)),
             pa.correct, pa."answeredAt"
      FROM enrolled e
      JOIN "PracticeRun" r ON r."courseId" = e."courseId" AND r."userId" = e."userId"
      JOIN "PracticeAnswer" pa ON pa."runId" = r.id
      JOIN "Question" q ON q.id = pa."questionId"
      JOIN "Quiz" z ON z.id = q."quizId"
      UNION ALL
      SELECT l."userId", COALESCE(NULLIF(btrim(d.topic), ''), btrim(d.title)),
             l.rating > 1, l."reviewedAt"
      FROM enrolled e
      JOIN "ReviewLog" l ON l."userId" = e."userId" AND l."courseId" = e."courseId"
      JOIN "Card" c ON c.id = l."cardId"
      JOIN "Deck" d ON d.id = c."deckId"
    ), ranked AS (
      SELECT "userId", topic, "right", at,
             ROW_NUMBER() OVER (PARTITION BY "userId", lower(topic) ORDER BY at DESC) AS n,
             COUNT(*) OVER (PARTITION BY "userId", lower(topic))::int AS total,
             FIRST_VALUE(topic) OVER (PARTITION BY "userId", lower(topic) ORDER BY at DESC) AS latest
      FROM attempts
    )
    SELECT "userId"::text AS "userId", latest AS topic, "right", at, total
    FROM ranked WHERE n <= ${perTopic}`;
}
