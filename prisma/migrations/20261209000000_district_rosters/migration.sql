-- District rosters (Clever Secure Sync, OneRoster files) and Clever Instant Login sessions.
ALTER TYPE "Platform" ADD VALUE 'ONEROSTER' BEFORE 'CLI';
ALTER TYPE "EnrollmentSource" ADD VALUE 'ONEROSTER';

-- A page session is either an LTI launch or a Clever sign-in (no LMS registration behind it).
ALTER TABLE "LtiLaunch"
  ADD COLUMN "via" "Platform" NOT NULL DEFAULT 'LTI',
  ALTER COLUMN "platformId" DROP NOT NULL;

CREATE TYPE "RosterProvider" AS ENUM ('CLEVER', 'ONEROSTER');
CREATE TYPE "RosterDistrictStatus" AS ENUM ('CONNECTED', 'DISCONNECTED');
CREATE TYPE "RosterSyncKind" AS ENUM ('FULL', 'EVENTS', 'IMPORT');
CREATE TYPE "RosterSyncStatus" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED');

CREATE TABLE "RosterDistrict" (
    "id" UUID NOT NULL,
    "provider" "RosterProvider" NOT NULL,
    "externalId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenSealed" TEXT,
    "status" "RosterDistrictStatus" NOT NULL DEFAULT 'CONNECTED',
    "statusReason" TEXT,
    "eventCursor" TEXT,
    "eventCursorAt" TIMESTAMP(3),
    "lastSyncedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "RosterDistrict_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "RosterDistrict_provider_externalId_key" ON "RosterDistrict"("provider", "externalId");

CREATE TABLE "RosterSection" (
    "id" UUID NOT NULL,
    "districtId" UUID NOT NULL,
    "externalId" TEXT NOT NULL,
    "courseId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "schoolName" TEXT,
    "termName" TEXT,
    "removedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "RosterSection_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "RosterSection_courseId_key" ON "RosterSection"("courseId");
CREATE UNIQUE INDEX "RosterSection_districtId_externalId_key" ON "RosterSection"("districtId", "externalId");
ALTER TABLE "RosterSection" ADD CONSTRAINT "RosterSection_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "RosterDistrict"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "RosterSection" ADD CONSTRAINT "RosterSection_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "RosterSyncRun" (
    "id" UUID NOT NULL,
    "districtId" UUID NOT NULL,
    "kind" "RosterSyncKind" NOT NULL,
    "status" "RosterSyncStatus" NOT NULL DEFAULT 'RUNNING',
    "trigger" TEXT NOT NULL,
    "cursor" JSONB NOT NULL DEFAULT '{}',
    "report" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "durationMs" INTEGER,
    CONSTRAINT "RosterSyncRun_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "RosterSyncRun_districtId_startedAt_idx" ON "RosterSyncRun"("districtId", "startedAt");
ALTER TABLE "RosterSyncRun" ADD CONSTRAINT "RosterSyncRun_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "RosterDistrict"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- One sync at a time per district, whichever process starts it.
CREATE UNIQUE INDEX "RosterSyncRun_one_running" ON "RosterSyncRun"("districtId") WHERE "status" = 'RUNNING';

CREATE TABLE "RosterStagedRecord" (
    "runId" UUID NOT NULL,
    "resource" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    CONSTRAINT "RosterStagedRecord_pkey" PRIMARY KEY ("runId", "resource", "externalId")
);
ALTER TABLE "RosterStagedRecord" ADD CONSTRAINT "RosterStagedRecord_runId_fkey" FOREIGN KEY ("runId") REFERENCES "RosterSyncRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "CleverLoginState" (
    "state" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usedAt" TIMESTAMP(3),
    CONSTRAINT "CleverLoginState_pkey" PRIMARY KEY ("state")
);
CREATE INDEX "CleverLoginState_createdAt_idx" ON "CleverLoginState"("createdAt");
