-- CreateEnum
CREATE TYPE "LtiRegistrationKind" AS ENUM ('MANUAL', 'DYNAMIC');

-- CreateTable
CREATE TABLE "LtiPlatform" (
    "id" UUID NOT NULL,
    "issuer" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "authUrl" TEXT NOT NULL,
    "tokenUrl" TEXT NOT NULL,
    "jwksUrl" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "registration" "LtiRegistrationKind" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LtiPlatform_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LtiDeployment" (
    "id" UUID NOT NULL,
    "platformId" UUID NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LtiDeployment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LtiLoginState" (
    "state" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "loginHint" TEXT NOT NULL,
    "deploymentId" TEXT,
    "targetLinkUri" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "LtiLoginState_pkey" PRIMARY KEY ("state")
);

-- CreateTable
CREATE TABLE "LtiLaunch" (
    "id" TEXT NOT NULL,
    "platformId" UUID NOT NULL,
    "issuer" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "displayName" TEXT,
    "contextId" TEXT,
    "courseId" UUID,
    "role" "CourseRole" NOT NULL,
    "messageType" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LtiLaunch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LtiRecord" (
    "id" UUID NOT NULL,
    "collection" TEXT NOT NULL,
    "replaceKey" TEXT,
    "data" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3),

    CONSTRAINT "LtiRecord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LtiPlatform_keyId_key" ON "LtiPlatform"("keyId");

-- CreateIndex
CREATE UNIQUE INDEX "LtiPlatform_issuer_clientId_key" ON "LtiPlatform"("issuer", "clientId");

-- CreateIndex
CREATE UNIQUE INDEX "LtiDeployment_platformId_deploymentId_key" ON "LtiDeployment"("platformId", "deploymentId");

-- CreateIndex
CREATE UNIQUE INDEX "LtiLoginState_nonce_key" ON "LtiLoginState"("nonce");

-- CreateIndex
CREATE INDEX "LtiLoginState_createdAt_idx" ON "LtiLoginState"("createdAt");

-- CreateIndex
CREATE INDEX "LtiLaunch_expiresAt_idx" ON "LtiLaunch"("expiresAt");

-- CreateIndex
CREATE INDEX "LtiRecord_collection_idx" ON "LtiRecord"("collection");

-- CreateIndex
CREATE INDEX "LtiRecord_data_idx" ON "LtiRecord" USING GIN ("data" jsonb_path_ops);

-- CreateIndex
CREATE INDEX "LtiRecord_expiresAt_idx" ON "LtiRecord"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "LtiRecord_collection_replaceKey_key" ON "LtiRecord"("collection", "replaceKey");

-- AddForeignKey
ALTER TABLE "LtiDeployment" ADD CONSTRAINT "LtiDeployment_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "LtiPlatform"("id") ON DELETE CASCADE ON UPDATE CASCADE;
