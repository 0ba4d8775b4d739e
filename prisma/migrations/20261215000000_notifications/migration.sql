-- Notifications: one inbox per person (read state, stored once per person, kind and source) and the
-- person's delivery preferences and pacing on StudySettings.
-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('CARDS_DUE', 'SESSION_REMINDER', 'QUIZ_RESULT', 'GRADE_SENT', 'MODERATION_FLAG');

-- AlterTable
ALTER TABLE "StudySettings" ADD COLUMN     "digestHour" INTEGER NOT NULL DEFAULT 18,
ADD COLUMN     "lastNotifiedAt" TIMESTAMP(3),
ADD COLUMN     "notificationDigest" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "notificationsOff" "NotificationKind"[] DEFAULT ARRAY[]::"NotificationKind"[];

-- CreateTable
CREATE TABLE "Notification" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "courseId" UUID,
    "kind" "NotificationKind" NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "readAt" TIMESTAMP(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Notification_userId_createdAt_idx" ON "Notification"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "Notification_userId_sentAt_idx" ON "Notification"("userId", "sentAt");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_userId_kind_sourceKey_key" ON "Notification"("userId", "kind", "sourceKey");

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;
