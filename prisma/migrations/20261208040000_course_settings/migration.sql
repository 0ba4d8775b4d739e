-- Who may host live quizzes and who may add materials, per course (staff only unless the course allows
-- anyone enrolled).
CREATE TYPE "CoursePermission" AS ENUM ('STAFF', 'ENROLLED');

ALTER TABLE "Course"
  ADD COLUMN "hostPolicy" "CoursePermission" NOT NULL DEFAULT 'STAFF',
  ADD COLUMN "materialsPolicy" "CoursePermission" NOT NULL DEFAULT 'STAFF';

-- The hosting choice used to be a quiz option ("hosts": "anyone") in the course's quiz defaults; it
-- now has its own column, so a course that had chosen it keeps it.
UPDATE "Course" SET "hostPolicy" = 'ENROLLED' WHERE "quizDefaults"->>'hosts' = 'anyone';
UPDATE "Course" SET "quizDefaults" = "quizDefaults" - 'hosts' WHERE "quizDefaults" ? 'hosts';
