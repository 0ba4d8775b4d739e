// The topics a person is weakest at, each with one thing to study for it: a practice quiz of that
// topic, else a deck with its cards, else nothing.

import type { Prisma } from "../db/open-database.ts";
import type { SkillSuggestion, SkillView, WeakTopic } from "./progress-view.ts";

/** How many weak topics are shown. */
export const WEAKEST_TOPICS_SHOWN = 3;
/** Fewer attempts than this say too little about a topic to call it weak. */
export const WEAK_TOPIC_MIN_ATTEMPTS = 3;

/**
 * Up to {@link WEAKEST_TOPICS_SHOWN} topics of `skills` with at least
 * {@link WEAK_TOPIC_MIN_ATTEMPTS} attempts, weakest first, each with a suggestion: an approved quiz
 * with questions of that topic (practice), else a deck with cards of that topic (an approved course
 * deck before the person's own), else null. Suggestions come from the course, or (courseId null)
 * from the person's open courses; archived courses are read-only, so they suggest nothing. Two
 * queries whatever the number of topics.
 */
export async function weakestTopics(
  db: Prisma,
  input: { userId: string; courseId: string | null; skills: readonly SkillView[] },
): Promise<WeakTopic[]> {
  const weak = input.skills
    .filter((s) => s.attempts >= WEAK_TOPIC_MIN_ATTEMPTS)
    .sort((a, b) => a.mastery - b.mastery || b.attempts - a.attempts || a.topic.localeCompare(b.topic))
    .slice(0, WEAKEST_TOPICS_SHOWN);
  if (weak.length === 0) return [];
  const topics = weak.map((s) => s.topic);
  const scope = { userId: input.userId, courseId: input.courseId, topics };
  const [quizzes, decks] = await Promise.all([practiceQuizzesFor(db, scope), decksFor(db, scope)]);
  return weak.map((skill) => ({
    ...skill,
    suggestion: quizzes.get(skill.topic) ?? decks.get(skill.topic) ?? null,
  }));
}

interface SuggestionScope {
  userId: string;
  courseId: string | null;
  topics: string[];
}

/** The oldest approved quiz with questions for each topic (the one a practice list shows first). */
async function practiceQuizzesFor(db: Prisma, scope: SuggestionScope): Promise<Map<string, SkillSuggestion>> {
  const rows = await db.$queryRaw<Array<{ wanted: string; id: string; title: string }>>`
    SELECT DISTINCT ON (t.wanted) t.wanted, z.id::text AS id, z.title
    FROM unnest(${scope.topics}::text[]) AS t(wanted)
    JOIN "Quiz" z ON lower(COALESCE(NULLIF(btrim(z.topic), ''), btrim(z.title))) = lower(t.wanted)
    JOIN "Enrollment" e ON e."courseId" = z."courseId" AND e."userId" = ${scope.userId}::uuid
                       AND e."removedAt" IS NULL
    JOIN "Course" c ON c.id = z."courseId" AND c."archivedAt" IS NULL
    WHERE z.status = 'APPROVED'
      AND (${scope.courseId}::uuid IS NULL OR z."courseId" = ${scope.courseId}::uuid)
      AND EXISTS (SELECT 1 FROM "Question" q WHERE q."quizId" = z.id)
    ORDER BY t.wanted, z."createdAt", z.id`;
  return new Map(rows.map((r) => [r.wanted, { kind: "practice", quizId: r.id, title: r.title }]));
}

/** A deck with cards for each topic: an approved course deck first, else one of the person's own. */
async function decksFor(db: Prisma, scope: SuggestionScope): Promise<Map<string, SkillSuggestion>> {
  const rows = await db.$queryRaw<Array<{ wanted: string; id: string; title: string; courseId: string }>>`
    SELECT DISTINCT ON (t.wanted) t.wanted, d.id::text AS id, d.title, d."courseId"::text AS "courseId"
    FROM unnest(${scope.topics}::text[]) AS t(wanted)
    JOIN "Deck" d ON lower(COALESCE(NULLIF(btrim(d.topic), ''), btrim(d.title))) = lower(t.wanted)
    JOIN "Enrollment" e ON e."courseId" = d."courseId" AND e."userId" = ${scope.userId}::uuid
                       AND e."removedAt" IS NULL
    JOIN "Course" c ON c.id = d."courseId" AND c."archivedAt" IS NULL
    WHERE ((d.kind = 'COURSE' AND d.status = 'APPROVED')
           OR (d.kind = 'PERSONAL' AND d."ownerId" = ${scope.userId}::uuid AND d.status <> 'ARCHIVED'))
      AND (${scope.courseId}::uuid IS NULL OR d."courseId" = ${scope.courseId}::uuid)
      AND EXISTS (SELECT 1 FROM "Card" k WHERE k."deckId" = d.id)
    ORDER BY t.wanted, (d.kind = 'COURSE') DESC, d."createdAt", d.id`;
  return new Map(
    rows.map((r) => [r.wanted, { kind: "deck", deckId: r.id, name: r.title, courseId: r.courseId }]),
  );
}
