-- XP for what people studied before XP existed, so a student's level, streak and 30-day chart start
-- from their real history. The same awards the runtime writes (core/src/progress/xp-rules.ts as it
-- was when this was written: a live answer 5, +5 when right; a practice question 2, +3 when right,
-- once per local day, the day's first answer deciding; a card review 2), under the same source keys,
-- so nothing is ever counted twice. Days are each person's local days in their time zone now (UTC
-- without settings, or for a zone this server does not know). Anonymous stand-ins earn nothing, and
-- study guides read before now cannot be known.

CREATE TEMPORARY TABLE "_XpZone" AS
SELECT u.id AS "userId", COALESCE(z.name, 'UTC') AS tz
FROM "User" u
LEFT JOIN "StudySettings" s ON s."userId" = u.id
LEFT JOIN (SELECT DISTINCT name FROM pg_timezone_names) z ON z.name = s."timeZone"
WHERE NOT u.anonymous;

INSERT INTO "XpEvent" (id, "userId", "courseId", kind, "sourceKey", points, "occurredAt", "localDate")
SELECT gen_random_uuid(), a."userId", qs."courseId", 'LIVE_ANSWER', a.id::text,
       CASE WHEN a.correct THEN 10 ELSE 5 END, a."answeredAt",
       ((a."answeredAt" AT TIME ZONE 'UTC') AT TIME ZONE z.tz)::date
FROM "Answer" a
JOIN "QuizSession" qs ON qs.id = a."sessionId"
JOIN "_XpZone" z ON z."userId" = a."userId"
ON CONFLICT ("userId", kind, "sourceKey") DO NOTHING;

INSERT INTO "XpEvent" (id, "userId", "courseId", kind, "sourceKey", points, "occurredAt", "localDate")
SELECT gen_random_uuid(), p."userId", p."courseId", 'PRACTICE_ANSWER',
       p."questionId"::text || ':' || to_char(p."localDate", 'YYYY-MM-DD'),
       CASE WHEN p.correct THEN 5 ELSE 2 END, p."answeredAt", p."localDate"
FROM (
  SELECT DISTINCT ON (r."userId", pa."questionId", local."localDate")
         r."userId", r."courseId", pa."questionId", pa.correct, pa."answeredAt", local."localDate"
  FROM "PracticeAnswer" pa
  JOIN "PracticeRun" r ON r.id = pa."runId"
  JOIN "_XpZone" z ON z."userId" = r."userId"
  CROSS JOIN LATERAL (
    SELECT ((pa."answeredAt" AT TIME ZONE 'UTC') AT TIME ZONE z.tz)::date AS "localDate"
  ) local
  ORDER BY r."userId", pa."questionId", local."localDate", pa."answeredAt"
) p
ON CONFLICT ("userId", kind, "sourceKey") DO NOTHING;

INSERT INTO "XpEvent" (id, "userId", "courseId", kind, "sourceKey", points, "occurredAt", "localDate")
SELECT gen_random_uuid(), l."userId", l."courseId", 'CARD_REVIEW', l.id::text, 2, l."reviewedAt",
       ((l."reviewedAt" AT TIME ZONE 'UTC') AT TIME ZONE z.tz)::date
FROM "ReviewLog" l
JOIN "_XpZone" z ON z."userId" = l."userId"
ON CONFLICT ("userId", kind, "sourceKey") DO NOTHING;

DROP TABLE "_XpZone";
