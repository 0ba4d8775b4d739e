-- The original file of an uploaded material, served back to the course (a PDF opens at the cited page).
CREATE TABLE "MaterialFile" (
    "materialId" UUID NOT NULL,
    "contentType" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MaterialFile_pkey" PRIMARY KEY ("materialId")
);

-- Files are large and read whole; keeping them out of line and uncompressed avoids recompressing PDFs.
ALTER TABLE "MaterialFile" ALTER COLUMN "data" SET STORAGE EXTERNAL;

ALTER TABLE "MaterialFile" ADD CONSTRAINT "MaterialFile_materialId_fkey" FOREIGN KEY ("materialId") REFERENCES "Material"("id") ON DELETE CASCADE ON UPDATE CASCADE;
