-- UsageLog: what spent the tokens. Quiz generation is logged beside tutor questions and counted against
-- the same token budgets; existing rows are all tutor questions.

-- CreateEnum
CREATE TYPE "UsageKind" AS ENUM ('TUTOR', 'QUIZ_GENERATION');

-- AlterTable
ALTER TABLE "UsageLog" ADD COLUMN "kind" "UsageKind" NOT NULL DEFAULT 'TUTOR';
