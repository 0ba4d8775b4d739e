-- CreateEnum
CREATE TYPE "StudySessionStatus" AS ENUM ('SCHEDULED', 'OPEN', 'ENDED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "StudySessionRecurrence" AS ENUM ('NONE', 'WEEKLY');

-- CreateEnum
CREATE TYPE "RsvpStatus" AS ENUM ('GOING', 'MAYBE', 'NOT_GOING');

-- CreateEnum
CREATE TYPE "AttendanceKind" AS ENUM ('JOINED', 'ANSWERED', 'REVIEWED');

-- AlterTable
ALTER TABLE "Course" ADD COLUMN     "sessionsPolicy" "CoursePermission" NOT NULL DEFAULT 'STAFF';

-- CreateTable
CREATE TABLE "StudySession" (
    "id" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "seriesId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "timeZone" TEXT NOT NULL,
    "recurrence" "StudySessionRecurrence" NOT NULL DEFAULT 'NONE',
    "quizId" UUID,
    "deckId" UUID,
    "createdById" UUID,
    "platform" "Platform",
    "tenant" TEXT,
    "channelId" TEXT,
    "announcementRef" TEXT,
    "messageRef" TEXT,
    "threadRef" TEXT,
    "quizSessionId" UUID,
    "status" "StudySessionStatus" NOT NULL DEFAULT 'SCHEDULED',
    "openedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "summary" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StudySession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StudySessionRsvp" (
    "sessionId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "status" "RsvpStatus" NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StudySessionRsvp_pkey" PRIMARY KEY ("sessionId","userId")
);

-- CreateTable
CREATE TABLE "StudySessionAttendance" (
    "sessionId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" "AttendanceKind" NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StudySessionAttendance_pkey" PRIMARY KEY ("sessionId","userId","kind")
);

-- CreateTable
CREATE TABLE "CalendarFeed" (
    "id" UUID NOT NULL,
    "courseId" UUID,
    "userId" UUID,
    "createdById" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "tokenSealed" TEXT NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CalendarFeed_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StudySession_courseId_startsAt_idx" ON "StudySession"("courseId", "startsAt");

-- CreateIndex
CREATE INDEX "StudySession_status_startsAt_idx" ON "StudySession"("status", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "StudySession_seriesId_startsAt_key" ON "StudySession"("seriesId", "startsAt");

-- CreateIndex
CREATE INDEX "StudySessionRsvp_userId_idx" ON "StudySessionRsvp"("userId");

-- CreateIndex
CREATE INDEX "StudySessionAttendance_userId_idx" ON "StudySessionAttendance"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "CalendarFeed_tokenHash_key" ON "CalendarFeed"("tokenHash");

-- CreateIndex
CREATE INDEX "CalendarFeed_courseId_idx" ON "CalendarFeed"("courseId");

-- CreateIndex
CREATE INDEX "CalendarFeed_userId_idx" ON "CalendarFeed"("userId");

-- AddForeignKey
ALTER TABLE "StudySession" ADD CONSTRAINT "StudySession_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudySession" ADD CONSTRAINT "StudySession_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudySessionRsvp" ADD CONSTRAINT "StudySessionRsvp_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "StudySession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudySessionRsvp" ADD CONSTRAINT "StudySessionRsvp_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudySessionAttendance" ADD CONSTRAINT "StudySessionAttendance_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "StudySession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudySessionAttendance" ADD CONSTRAINT "StudySessionAttendance_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CalendarFeed" ADD CONSTRAINT "CalendarFeed_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CalendarFeed" ADD CONSTRAINT "CalendarFeed_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

