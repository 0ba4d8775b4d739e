-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "vector";

-- CreateEnum
CREATE TYPE "Platform" AS ENUM ('DISCORD', 'SLACK', 'LTI', 'CLEVER', 'CLI');

-- CreateEnum
CREATE TYPE "LinkCodePurpose" AS ENUM ('LINK_IDENTITY', 'BIND_SPACE', 'JOIN_COURSE');

-- CreateEnum
CREATE TYPE "AnswerPolicy" AS ENUM ('FULL', 'HINTS', 'SOCRATIC');

-- CreateEnum
CREATE TYPE "CourseRole" AS ENUM ('STAFF', 'STUDENT');

-- CreateEnum
CREATE TYPE "EnrollmentSource" AS ENUM ('MANUAL', 'LINK_CODE', 'DISCORD', 'SLACK', 'LTI', 'CLEVER');

-- CreateEnum
CREATE TYPE "SpaceKind" AS ENUM ('DISCORD_GUILD', 'DISCORD_CHANNEL', 'SLACK_TEAM', 'SLACK_CHANNEL', 'LTI_CONTEXT');

-- CreateEnum
CREATE TYPE "DetailLevel" AS ENUM ('BRIEF', 'STANDARD', 'DETAILED');

-- CreateEnum
CREATE TYPE "TechnicalLanguage" AS ENUM ('PLAIN', 'BALANCED', 'TECHNICAL');

-- CreateEnum
CREATE TYPE "Pace" AS ENUM ('SLOW', 'STEADY', 'FAST');

-- CreateEnum
CREATE TYPE "PriorExperience" AS ENUM ('NEW', 'SOME', 'EXPERIENCED');

-- CreateEnum
CREATE TYPE "MaterialType" AS ENUM ('PDF', 'TEXT', 'MARKDOWN', 'HTML', 'DOCX');

-- CreateEnum
CREATE TYPE "MaterialStatus" AS ENUM ('PENDING', 'PROCESSING', 'READY', 'FAILED');

-- CreateEnum
CREATE TYPE "MessageRole" AS ENUM ('USER', 'ASSISTANT');

-- CreateEnum
CREATE TYPE "BudgetScope" AS ENUM ('PER_USER', 'COURSE');

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "displayName" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Identity" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "platform" "Platform" NOT NULL,
    "tenant" TEXT NOT NULL DEFAULT '',
    "externalId" TEXT NOT NULL,
    "displayName" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Identity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LinkCode" (
    "id" UUID NOT NULL,
    "codeHash" TEXT NOT NULL,
    "purpose" "LinkCodePurpose" NOT NULL,
    "courseId" UUID,
    "role" "CourseRole",
    "createdById" UUID,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "usedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LinkCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Course" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "answerPolicy" "AnswerPolicy" NOT NULL DEFAULT 'FULL',
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Course_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Enrollment" (
    "id" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "role" "CourseRole" NOT NULL,
    "source" "EnrollmentSource" NOT NULL,
    "removedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Enrollment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CourseSpace" (
    "id" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "platform" "Platform" NOT NULL,
    "kind" "SpaceKind" NOT NULL,
    "tenant" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "deploymentId" TEXT,
    "name" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CourseSpace_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LearnerPreference" (
    "userId" UUID NOT NULL,
    "detailLevel" "DetailLevel" NOT NULL DEFAULT 'STANDARD',
    "examples" BOOLEAN NOT NULL DEFAULT true,
    "analogies" BOOLEAN NOT NULL DEFAULT false,
    "technicalLanguage" "TechnicalLanguage" NOT NULL DEFAULT 'BALANCED',
    "pace" "Pace" NOT NULL DEFAULT 'STEADY',
    "priorExperience" "PriorExperience" NOT NULL DEFAULT 'SOME',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LearnerPreference_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "Material" (
    "id" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "type" "MaterialType" NOT NULL,
    "fileName" TEXT,
    "sourceUrl" TEXT,
    "sizeBytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "status" "MaterialStatus" NOT NULL DEFAULT 'PENDING',
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "stage" TEXT,
    "error" TEXT,
    "pageCount" INTEGER,
    "chunkCount" INTEGER NOT NULL DEFAULT 0,
    "embeddingModel" TEXT,
    "uploadedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Material_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MaterialChunk" (
    "id" UUID NOT NULL,
    "materialId" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "anchor" TEXT,
    "page" INTEGER,
    "section" TEXT,
    "tokenCount" INTEGER NOT NULL,
    "embeddingModel" TEXT NOT NULL,
    "embedding" vector(768),
    -- Hand-edited: generated from the text so it can never disagree with it.
    "tsv" tsvector GENERATED ALWAYS AS (to_tsvector('english', "text")) STORED,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MaterialChunk_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Conversation" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "platform" "Platform" NOT NULL,
    "threadKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Conversation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" UUID NOT NULL,
    "conversationId" UUID NOT NULL,
    "role" "MessageRole" NOT NULL,
    "content" TEXT NOT NULL,
    "citations" JSONB,
    "feedback" INTEGER,
    "usageLogId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageLog" (
    "id" UUID NOT NULL,
    "userId" UUID,
    "courseId" UUID NOT NULL,
    "platform" "Platform" NOT NULL,
    "question" TEXT NOT NULL,
    "answered" BOOLEAN NOT NULL,
    "refusedReason" TEXT,
    "latencyMs" INTEGER NOT NULL,
    "tokensIn" INTEGER NOT NULL DEFAULT 0,
    "tokensOut" INTEGER NOT NULL DEFAULT 0,
    "model" TEXT NOT NULL,
    "retrieved" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UsageLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Budget" (
    "id" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "scope" "BudgetScope" NOT NULL,
    "windowSeconds" INTEGER NOT NULL,
    "maxRequests" INTEGER,
    "maxTokens" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Budget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AppConfig" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AppConfig_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "Identity_userId_idx" ON "Identity"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Identity_platform_tenant_externalId_key" ON "Identity"("platform", "tenant", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "LinkCode_codeHash_key" ON "LinkCode"("codeHash");

-- CreateIndex
CREATE UNIQUE INDEX "Course_slug_key" ON "Course"("slug");

-- CreateIndex
CREATE INDEX "Enrollment_userId_idx" ON "Enrollment"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Enrollment_courseId_userId_key" ON "Enrollment"("courseId", "userId");

-- CreateIndex
CREATE INDEX "CourseSpace_courseId_idx" ON "CourseSpace"("courseId");

-- CreateIndex
CREATE UNIQUE INDEX "CourseSpace_platform_tenant_externalId_key" ON "CourseSpace"("platform", "tenant", "externalId");

-- CreateIndex
CREATE INDEX "Material_courseId_status_idx" ON "Material"("courseId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Material_courseId_sha256_key" ON "Material"("courseId", "sha256");

-- CreateIndex
CREATE INDEX "MaterialChunk_courseId_embeddingModel_idx" ON "MaterialChunk"("courseId", "embeddingModel");

-- CreateIndex
CREATE UNIQUE INDEX "MaterialChunk_materialId_ordinal_key" ON "MaterialChunk"("materialId", "ordinal");

-- CreateIndex
CREATE UNIQUE INDEX "Conversation_userId_courseId_threadKey_key" ON "Conversation"("userId", "courseId", "threadKey");

-- CreateIndex
CREATE INDEX "Message_conversationId_createdAt_idx" ON "Message"("conversationId", "createdAt");

-- CreateIndex
CREATE INDEX "UsageLog_courseId_createdAt_idx" ON "UsageLog"("courseId", "createdAt");

-- CreateIndex
CREATE INDEX "UsageLog_userId_createdAt_idx" ON "UsageLog"("userId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Budget_courseId_scope_windowSeconds_key" ON "Budget"("courseId", "scope", "windowSeconds");

-- AddForeignKey
ALTER TABLE "Identity" ADD CONSTRAINT "Identity_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LinkCode" ADD CONSTRAINT "LinkCode_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LinkCode" ADD CONSTRAINT "LinkCode_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Enrollment" ADD CONSTRAINT "Enrollment_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Enrollment" ADD CONSTRAINT "Enrollment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CourseSpace" ADD CONSTRAINT "CourseSpace_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LearnerPreference" ADD CONSTRAINT "LearnerPreference_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Material" ADD CONSTRAINT "Material_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Material" ADD CONSTRAINT "Material_uploadedById_fkey" FOREIGN KEY ("uploadedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MaterialChunk" ADD CONSTRAINT "MaterialChunk_materialId_fkey" FOREIGN KEY ("materialId") REFERENCES "Material"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MaterialChunk" ADD CONSTRAINT "MaterialChunk_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageLog" ADD CONSTRAINT "UsageLog_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageLog" ADD CONSTRAINT "UsageLog_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Budget" ADD CONSTRAINT "Budget_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: indexes Prisma cannot express.
-- Approximate nearest neighbours over embeddings (cosine); queries filter on courseId + embeddingModel
-- and use pgvector's iterative index scan so a filter never starves the top-k.
CREATE INDEX "MaterialChunk_embedding_hnsw_idx" ON "MaterialChunk" USING hnsw ("embedding" vector_cosine_ops);

-- Full-text search over the generated tsvector.
CREATE INDEX "MaterialChunk_tsv_idx" ON "MaterialChunk" USING gin ("tsv");
