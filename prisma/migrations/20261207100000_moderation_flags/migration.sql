-- Moderation: questions and answers the moderator flagged, for course staff to review
-- (core/src/moderation).

-- CreateEnum
CREATE TYPE "ModerationKind" AS ENUM ('QUESTION', 'ANSWER');

-- CreateEnum
CREATE TYPE "ModerationStatus" AS ENUM ('OPEN', 'REVIEWED');

-- CreateTable
CREATE TABLE "ModerationFlag" (
    "id" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" "ModerationKind" NOT NULL,
    "categories" JSONB NOT NULL DEFAULT '[]',
    "selfHarm" BOOLEAN NOT NULL DEFAULT false,
    "source" TEXT NOT NULL,
    "excerpt" TEXT NOT NULL,
    "status" "ModerationStatus" NOT NULL DEFAULT 'OPEN',
    "reviewedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModerationFlag_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ModerationFlag_courseId_status_createdAt_idx" ON "ModerationFlag"("courseId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "ModerationFlag_userId_idx" ON "ModerationFlag"("userId");

-- AddForeignKey
ALTER TABLE "ModerationFlag" ADD CONSTRAINT "ModerationFlag_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModerationFlag" ADD CONSTRAINT "ModerationFlag_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
