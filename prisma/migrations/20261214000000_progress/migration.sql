-- Progress: the XP ledger (levels, streaks, leaderboards), the course leaderboard switch and the
-- person's choice to stay off leaderboards.
-- CreateExtension

-- CreateEnum
CREATE TYPE "XpKind" AS ENUM ('LIVE_ANSWER', 'PRACTICE_ANSWER', 'CARD_REVIEW', 'SESSION_ATTENDED', 'GUIDE_READ');

-- AlterTable
ALTER TABLE "Course" ADD COLUMN     "leaderboardEnabled" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "StudySettings" ADD COLUMN     "hideFromLeaderboard" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "XpEvent" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "kind" "XpKind" NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "localDate" DATE NOT NULL,

    CONSTRAINT "XpEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "XpEvent_courseId_occurredAt_idx" ON "XpEvent"("courseId", "occurredAt");

-- CreateIndex
CREATE INDEX "XpEvent_userId_localDate_idx" ON "XpEvent"("userId", "localDate");

-- CreateIndex
CREATE UNIQUE INDEX "XpEvent_userId_kind_sourceKey_key" ON "XpEvent"("userId", "kind", "sourceKey");

-- AddForeignKey
ALTER TABLE "XpEvent" ADD CONSTRAINT "XpEvent_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "XpEvent" ADD CONSTRAINT "XpEvent_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;
