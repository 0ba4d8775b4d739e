-- CreateEnum
CREATE TYPE "LtiScoreStatus" AS ENUM ('PENDING', 'SENT', 'FAILED');

-- CreateTable
CREATE TABLE "LtiCourseLink" (
    "id" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "platformId" UUID NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "contextId" TEXT NOT NULL,
    "lineItemsUrl" TEXT,
    "agsScopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "membershipsUrl" TEXT,
    "rosterSyncStartedAt" TIMESTAMP(3),
    "rosterSyncedAt" TIMESTAMP(3),
    "rosterSyncError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LtiCourseLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LtiLineItem" (
    "id" UUID NOT NULL,
    "linkId" UUID NOT NULL,
    "quizId" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "resourceLinkId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LtiLineItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LtiScore" (
    "id" UUID NOT NULL,
    "linkId" UUID NOT NULL,
    "quizId" UUID NOT NULL,
    "resultId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "subject" TEXT NOT NULL,
    "scoreGiven" DOUBLE PRECISION NOT NULL,
    "scoreMaximum" DOUBLE PRECISION NOT NULL,
    "activityAt" TIMESTAMP(3) NOT NULL,
    "status" "LtiScoreStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LtiScore_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LtiCourseLink_courseId_idx" ON "LtiCourseLink"("courseId");

-- CreateIndex
CREATE UNIQUE INDEX "LtiCourseLink_platformId_contextId_key" ON "LtiCourseLink"("platformId", "contextId");

-- CreateIndex
CREATE UNIQUE INDEX "LtiLineItem_linkId_quizId_key" ON "LtiLineItem"("linkId", "quizId");

-- CreateIndex
CREATE INDEX "LtiScore_linkId_status_idx" ON "LtiScore"("linkId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "LtiScore_linkId_resultId_key" ON "LtiScore"("linkId", "resultId");

-- AddForeignKey
ALTER TABLE "LtiCourseLink" ADD CONSTRAINT "LtiCourseLink_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiCourseLink" ADD CONSTRAINT "LtiCourseLink_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "LtiPlatform"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiLineItem" ADD CONSTRAINT "LtiLineItem_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "LtiCourseLink"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiLineItem" ADD CONSTRAINT "LtiLineItem_quizId_fkey" FOREIGN KEY ("quizId") REFERENCES "Quiz"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiScore" ADD CONSTRAINT "LtiScore_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "LtiCourseLink"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiScore" ADD CONSTRAINT "LtiScore_resultId_fkey" FOREIGN KEY ("resultId") REFERENCES "QuizResult"("id") ON DELETE CASCADE ON UPDATE CASCADE;
