-- Study tools: flashcard decks and cards with each person's FSRS state and every review logged, study
-- settings, solo practice runs, study guides, writing prompts and submissions; and the usage kinds their
-- model calls are logged and budgeted under.

-- CreateEnum
CREATE TYPE "DeckKind" AS ENUM ('COURSE', 'PERSONAL');

-- CreateEnum
CREATE TYPE "DeckStatus" AS ENUM ('DRAFT', 'APPROVED', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "DeckOrigin" AS ENUM ('AUTHORED', 'GENERATED', 'IMPORTED', 'SAVED');

-- CreateEnum
CREATE TYPE "PracticeMode" AS ENUM ('FULL', 'RETRY_MISSED');

-- CreateEnum
CREATE TYPE "StudyGuideStatus" AS ENUM ('WRITING', 'READY', 'FAILED');

-- CreateEnum
CREATE TYPE "StudyGuideMethod" AS ENUM ('MODEL', 'EXTRACTIVE');

-- CreateEnum
CREATE TYPE "WritingPromptStatus" AS ENUM ('DRAFT', 'APPROVED', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "WritingFeedbackMethod" AS ENUM ('MODEL', 'STRUCTURAL');

ALTER TYPE "UsageKind" ADD VALUE 'DECK_GENERATION';
ALTER TYPE "UsageKind" ADD VALUE 'STUDY_GUIDE';
ALTER TYPE "UsageKind" ADD VALUE 'WRITING_PROMPT';
ALTER TYPE "UsageKind" ADD VALUE 'WRITING_FEEDBACK';

-- CreateTable
CREATE TABLE "Deck" (
    "id" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "kind" "DeckKind" NOT NULL,
    "ownerId" UUID,
    "title" TEXT NOT NULL,
    "topic" TEXT,
    "status" "DeckStatus" NOT NULL DEFAULT 'APPROVED',
    "origin" "DeckOrigin" NOT NULL DEFAULT 'AUTHORED',
    "model" TEXT,
    "createdById" UUID,
    "approvedById" UUID,
    "approvedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Deck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Card" (
    "id" UUID NOT NULL,
    "deckId" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "front" TEXT NOT NULL,
    "back" TEXT NOT NULL,
    "hint" TEXT,
    "tags" TEXT[],
    "sourceChunkId" UUID,
    "sourceMaterialId" UUID,
    "sourceTitle" TEXT,
    "sourceAnchor" TEXT,
    "sourceQuestionId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Card_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CardState" (
    "userId" UUID NOT NULL,
    "cardId" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "due" TIMESTAMP(3) NOT NULL,
    "stability" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "difficulty" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "elapsedDays" INTEGER NOT NULL DEFAULT 0,
    "scheduledDays" INTEGER NOT NULL DEFAULT 0,
    "learningSteps" INTEGER NOT NULL DEFAULT 0,
    "reps" INTEGER NOT NULL DEFAULT 0,
    "lapses" INTEGER NOT NULL DEFAULT 0,
    "state" INTEGER NOT NULL DEFAULT 0,
    "lastReview" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CardState_pkey" PRIMARY KEY ("userId","cardId")
);

-- CreateTable
CREATE TABLE "ReviewLog" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "cardId" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "rating" INTEGER NOT NULL,
    "elapsedDays" INTEGER NOT NULL,
    "scheduledDays" INTEGER NOT NULL,
    "stateBefore" INTEGER NOT NULL,
    "stateAfter" INTEGER NOT NULL,
    "stabilityBefore" DOUBLE PRECISION NOT NULL,
    "stabilityAfter" DOUBLE PRECISION NOT NULL,
    "difficultyBefore" DOUBLE PRECISION NOT NULL,
    "difficultyAfter" DOUBLE PRECISION NOT NULL,
    "dueBefore" TIMESTAMP(3) NOT NULL,
    "dueAfter" TIMESTAMP(3) NOT NULL,
    "platform" "Platform" NOT NULL,
    "reviewedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReviewLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StudySettings" (
    "userId" UUID NOT NULL,
    "cardsFromMisses" BOOLEAN NOT NULL DEFAULT true,
    "newCardsPerDay" INTEGER NOT NULL DEFAULT 20,
    "desiredRetention" DOUBLE PRECISION NOT NULL DEFAULT 0.9,
    "nudgeEnabled" BOOLEAN NOT NULL DEFAULT false,
    "nudgeHour" INTEGER NOT NULL DEFAULT 17,
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "quietStartHour" INTEGER,
    "quietEndHour" INTEGER,
    "fsrsParameters" DOUBLE PRECISION[],
    "fsrsParametersReviews" INTEGER NOT NULL DEFAULT 0,
    "fsrsOptimizedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StudySettings_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "PracticeRun" (
    "id" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "quizId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "platform" "Platform" NOT NULL,
    "mode" "PracticeMode" NOT NULL DEFAULT 'FULL',
    "retryOfId" UUID,
    "questionIds" UUID[],
    "timeLimitSec" INTEGER,
    "position" INTEGER NOT NULL DEFAULT 0,
    "questionShownAt" TIMESTAMP(3),
    "correctCount" INTEGER NOT NULL DEFAULT 0,
    "credit" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "PracticeRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PracticeAnswer" (
    "runId" UUID NOT NULL,
    "questionId" UUID NOT NULL,
    "choices" INTEGER[],
    "text" TEXT,
    "number" DOUBLE PRECISION,
    "correct" BOOLEAN NOT NULL,
    "credit" DOUBLE PRECISION NOT NULL,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "answeredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PracticeAnswer_pkey" PRIMARY KEY ("runId","questionId")
);

-- CreateTable
CREATE TABLE "StudyGuide" (
    "id" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "scope" JSONB NOT NULL,
    "scopeKey" TEXT NOT NULL,
    "status" "StudyGuideStatus" NOT NULL DEFAULT 'WRITING',
    "method" "StudyGuideMethod" NOT NULL,
    "model" TEXT,
    "content" JSONB NOT NULL DEFAULT '{}',
    "markdown" TEXT NOT NULL DEFAULT '',
    "passagesTotal" INTEGER NOT NULL DEFAULT 0,
    "passagesDone" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "requestedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "StudyGuide_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WritingPrompt" (
    "id" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "prompt" TEXT NOT NULL,
    "rubric" JSONB NOT NULL,
    "minWords" INTEGER,
    "maxWords" INTEGER,
    "status" "WritingPromptStatus" NOT NULL DEFAULT 'APPROVED',
    "origin" "QuizOrigin" NOT NULL DEFAULT 'AUTHORED',
    "model" TEXT,
    "sources" JSONB NOT NULL DEFAULT '[]',
    "createdById" UUID,
    "approvedById" UUID,
    "approvedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WritingPrompt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WritingSubmission" (
    "id" UUID NOT NULL,
    "promptId" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "platform" "Platform" NOT NULL,
    "text" TEXT NOT NULL,
    "wordCount" INTEGER NOT NULL,
    "method" "WritingFeedbackMethod" NOT NULL,
    "model" TEXT,
    "scores" JSONB NOT NULL,
    "totalScore" DOUBLE PRECISION NOT NULL,
    "maxScore" DOUBLE PRECISION NOT NULL,
    "feedback" TEXT NOT NULL,
    "citations" JSONB NOT NULL DEFAULT '[]',
    "nextStep" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WritingSubmission_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Deck_courseId_kind_status_idx" ON "Deck"("courseId", "kind", "status");

-- CreateIndex
CREATE INDEX "Deck_ownerId_courseId_idx" ON "Deck"("ownerId", "courseId");

-- CreateIndex
CREATE INDEX "Card_deckId_position_idx" ON "Card"("deckId", "position");

-- CreateIndex
CREATE INDEX "Card_courseId_idx" ON "Card"("courseId");

-- CreateIndex
CREATE INDEX "CardState_userId_due_idx" ON "CardState"("userId", "due");

-- CreateIndex
CREATE INDEX "CardState_cardId_idx" ON "CardState"("cardId");

-- CreateIndex
CREATE INDEX "ReviewLog_userId_reviewedAt_idx" ON "ReviewLog"("userId", "reviewedAt");

-- CreateIndex
CREATE INDEX "ReviewLog_cardId_idx" ON "ReviewLog"("cardId");

-- CreateIndex
CREATE INDEX "ReviewLog_courseId_reviewedAt_idx" ON "ReviewLog"("courseId", "reviewedAt");

-- CreateIndex
CREATE INDEX "PracticeRun_userId_quizId_startedAt_idx" ON "PracticeRun"("userId", "quizId", "startedAt");

-- CreateIndex
CREATE INDEX "PracticeRun_courseId_userId_idx" ON "PracticeRun"("courseId", "userId");

-- CreateIndex
CREATE INDEX "StudyGuide_courseId_createdAt_idx" ON "StudyGuide"("courseId", "createdAt");

-- CreateIndex
CREATE INDEX "StudyGuide_courseId_scopeKey_idx" ON "StudyGuide"("courseId", "scopeKey");

-- CreateIndex
CREATE INDEX "WritingPrompt_courseId_status_idx" ON "WritingPrompt"("courseId", "status");

-- CreateIndex
CREATE INDEX "WritingSubmission_promptId_userId_createdAt_idx" ON "WritingSubmission"("promptId", "userId", "createdAt");

-- CreateIndex
CREATE INDEX "WritingSubmission_courseId_createdAt_idx" ON "WritingSubmission"("courseId", "createdAt");

-- CreateIndex
CREATE INDEX "WritingSubmission_userId_createdAt_idx" ON "WritingSubmission"("userId", "createdAt");

-- AddForeignKey
ALTER TABLE "Deck" ADD CONSTRAINT "Deck_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deck" ADD CONSTRAINT "Deck_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deck" ADD CONSTRAINT "Deck_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Card" ADD CONSTRAINT "Card_deckId_fkey" FOREIGN KEY ("deckId") REFERENCES "Deck"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Card" ADD CONSTRAINT "Card_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Card" ADD CONSTRAINT "Card_sourceChunkId_fkey" FOREIGN KEY ("sourceChunkId") REFERENCES "MaterialChunk"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Card" ADD CONSTRAINT "Card_sourceMaterialId_fkey" FOREIGN KEY ("sourceMaterialId") REFERENCES "Material"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Card" ADD CONSTRAINT "Card_sourceQuestionId_fkey" FOREIGN KEY ("sourceQuestionId") REFERENCES "Question"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CardState" ADD CONSTRAINT "CardState_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CardState" ADD CONSTRAINT "CardState_cardId_fkey" FOREIGN KEY ("cardId") REFERENCES "Card"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CardState" ADD CONSTRAINT "CardState_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewLog" ADD CONSTRAINT "ReviewLog_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewLog" ADD CONSTRAINT "ReviewLog_cardId_fkey" FOREIGN KEY ("cardId") REFERENCES "Card"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewLog" ADD CONSTRAINT "ReviewLog_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudySettings" ADD CONSTRAINT "StudySettings_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PracticeRun" ADD CONSTRAINT "PracticeRun_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PracticeRun" ADD CONSTRAINT "PracticeRun_quizId_fkey" FOREIGN KEY ("quizId") REFERENCES "Quiz"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PracticeRun" ADD CONSTRAINT "PracticeRun_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PracticeRun" ADD CONSTRAINT "PracticeRun_retryOfId_fkey" FOREIGN KEY ("retryOfId") REFERENCES "PracticeRun"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PracticeAnswer" ADD CONSTRAINT "PracticeAnswer_runId_fkey" FOREIGN KEY ("runId") REFERENCES "PracticeRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PracticeAnswer" ADD CONSTRAINT "PracticeAnswer_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "Question"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudyGuide" ADD CONSTRAINT "StudyGuide_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudyGuide" ADD CONSTRAINT "StudyGuide_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WritingPrompt" ADD CONSTRAINT "WritingPrompt_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WritingPrompt" ADD CONSTRAINT "WritingPrompt_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WritingSubmission" ADD CONSTRAINT "WritingSubmission_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "WritingPrompt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WritingSubmission" ADD CONSTRAINT "WritingSubmission_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WritingSubmission" ADD CONSTRAINT "WritingSubmission_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A student has one default personal deck per course, where saved and missed-question cards go.
CREATE UNIQUE INDEX "Deck_saved_per_owner_key" ON "Deck"("courseId", "ownerId") WHERE "origin" = 'SAVED';

-- A personal deck has its owner; a course deck has none.
ALTER TABLE "Deck" ADD CONSTRAINT "Deck_owner_matches_kind" CHECK (("kind" = 'PERSONAL') = ("ownerId" IS NOT NULL));

-- One card per quiz question per deck: a question missed twice, or saved twice, is one card.
CREATE UNIQUE INDEX "Card_deck_question_key" ON "Card"("deckId", "sourceQuestionId") WHERE "sourceQuestionId" IS NOT NULL;

-- Ratings are ts-fsrs's 1..4 and states its 0..3.
ALTER TABLE "ReviewLog" ADD CONSTRAINT "ReviewLog_rating_check" CHECK ("rating" BETWEEN 1 AND 4);
ALTER TABLE "CardState" ADD CONSTRAINT "CardState_state_check" CHECK ("state" BETWEEN 0 AND 3);
