import { createHash } from "node:crypto";
import { z } from "zod";
import { type Embedder, embedInBatches } from "../ai/embedder.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { requireOpenCourseById } from "../courses/require-open-course.ts";
import type { Material } from "../db/generated/client.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode, isAppError } from "../errors/app-error.ts";
import type { Logger } from "../logger.ts";
import { platformSchema } from "../people/actor.ts";
import { insertChunks } from "../search/chunk-repository.ts";
import { chunkText, DEFAULT_CHUNKING } from "./chunk-text.ts";
import { detectMaterialType } from "./detect-material-type.ts";
import { extractText } from "./extract/extract-text.ts";
import { MAX_MATERIAL_BYTES, materialTooLarge } from "./material-limits.ts";
import { originalFileName, saveOriginalFile } from "./original-file.ts";

export const ingestMaterialInput = z.object({
  courseId: z.string().uuid(),
  data: z.custom<Uint8Array>((value) => value instanceof Uint8Array, "The file content is missing."),
  fileName: z.string().trim().min(1).max(255).optional(),
  contentType: z.string().max(255).optional(),
  sourceUrl: z.string().url().optional(),
  /** Shown in citations; defaults to the document's own title, then the file name. */
  title: z.string().trim().min(1).max(300).optional(),
  uploadedById: z.string().uuid().optional(),
  /** The platform the uploader used, for the audit log. */
  uploadedVia: platformSchema.optional(),
});

export type IngestStage = "extracting" | "embedding" | "storing" | "done";

export interface IngestProgress {
  /** Null while the file is still being read (before anything is written). */
  materialId: string | null;
  stage: IngestStage;
  /** 0..1 over the whole ingestion. */
  progress: number;
}

export interface IngestDeps {
  db: Prisma;
  embedder: Embedder;
  logger: Logger;
}

export interface IngestResult {
  material: Material;
  /** True when the same file (by sha256) was already in the course; nothing was changed. */
  duplicate: boolean;
}

/** Progress is written to the database at most this often; the callback hears every step. */
const PROGRESS_WRITE_INTERVAL_MS = 500;

/**
 * Adds a file to a course: validates it, extracts its text with page or section anchors, chunks it,
 * embeds the chunks in batches and stores them in one transaction. A file that cannot be read (wrong
 * type, too large, damaged, password-protected, no text) is refused before anything is written. After
 * that the material's status and progress are visible; if a later step fails (e.g. the embedding
 * provider) it is marked FAILED with a reason and no chunk of it remains. The same file twice in one
 * course is stored once.
 */
export async function ingestMaterial(
  input: z.input<typeof ingestMaterialInput>,
  deps: IngestDeps,
  options: { onProgress?: (progress: IngestProgress) => void } = {},
): Promise<IngestResult> {
  const parsed = ingestMaterialInput.parse(input);
  const { db } = deps;
  await requireOpenCourseById(db, parsed.courseId);
  validateSize(parsed.data);
  const type = detectMaterialType(parsed.data, {
    fileName: parsed.fileName ?? null,
    contentType: parsed.contentType ?? null,
  });
  const sha256 = createHash("sha256").update(parsed.data).digest("hex");

  const existing = await db.material.findUnique({
    where: { courseId_sha256: { courseId: parsed.courseId, sha256 } },
  });
  if (existing?.status === "READY") {
    await keepMissingOriginal(db, existing, parsed);
    return { material: existing, duplicate: true };
  }

  options.onProgress?.({ materialId: null, stage: "extracting", progress: 0 });
  const document = await extractText(type, parsed.data);
  const chunks = chunkText(document.units, DEFAULT_CHUNKING);

  const fallbackTitle = parsed.title ?? parsed.fileName ?? parsed.sourceUrl ?? "Untitled material";
  const fields = {
    title: parsed.title ?? document.title ?? fallbackTitle,
    type,
    fileName: parsed.fileName ?? null,
    sourceUrl: parsed.sourceUrl ?? null,
    sizeBytes: parsed.data.byteLength,
    status: "PROCESSING" as const,
    progress: 0.2,
    stage: "embedding",
    error: null,
    uploadedById: parsed.uploadedById ?? null,
  };
  // A FAILED (or interrupted) earlier attempt of the same file is retried in place.
  const material = existing
    ? await db.material.update({ where: { id: existing.id }, data: fields })
    : await db.material
        .create({ data: { ...fields, courseId: parsed.courseId, sha256 } })
        .catch((error: unknown) => {
          if ((error as { code?: string }).code !== "P2002") throw error;
          throw new AppError(ErrorCode.Conflict, "same material is being ingested concurrently", {
            userMessage: "This file is already being added to the course.",
          });
        });
  const log = deps.logger.child({ materialId: material.id, courseId: material.courseId });
  const report = progressReporter(db, material.id, options.onProgress);

  try {
    await report("embedding", 0.25);
    const vectors = await embedInBatches(
      deps.embedder,
      chunks.map((c) => (c.section ? `${c.section}\n${c.text}` : c.text)),
      (done, total) => report("embedding", 0.25 + 0.65 * (done / total)),
    );
    await report("storing", 0.9, true);
    const ready = await db.$transaction(
      async (tx) => {
        await tx.materialChunk.deleteMany({ where: { materialId: material.id } });
        await insertChunks(
          tx,
          { materialId: material.id, courseId: material.courseId, embeddingModel: deps.embedder.model },
          chunks.map((c, i) => ({ ...c, embedding: vectors[i]! })),
        );
        await saveOriginalFile(tx, {
          materialId: material.id,
          type,
          data: parsed.data,
          fileName: originalFileName(type, parsed),
        });
        const updated = await tx.material.update({
          where: { id: material.id },
          data: {
            status: "READY",
            progress: 1,
            stage: "done",
            pageCount: document.pageCount,
            chunkCount: chunks.length,
            embeddingModel: deps.embedder.model,
          },
        });
        // Recorded when the material becomes searchable: a failed upload added nothing.
        await recordAudit(tx, {
          action: "material.added",
          courseId: material.courseId,
          actorId: material.uploadedById,
          actorPlatform: parsed.uploadedVia ?? null,
          targetType: "material",
          targetId: material.id,
          details: {
            title: updated.title.slice(0, 200),
            type,
            sizeBytes: updated.sizeBytes,
            from: updated.sourceUrl ? "url" : "file",
          },
        });
        return updated;
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
    // Fresh statistics keep query plans and the full-text term budget right as a course grows. Postgres's
    // autovacuum would get there eventually; embedded PGlite has no autovacuum at all.
    await db.$executeRawUnsafe(`ANALYZE "MaterialChunk"`).catch((error: unknown) => {
      log.warn({ err: error }, "could not refresh chunk statistics");
    });
    options.onProgress?.({ materialId: material.id, stage: "done", progress: 1 });
    log.info({ chunks: chunks.length, pages: document.pageCount, type }, "material ingested");
    return { material: ready, duplicate: false };
  } catch (error) {
    const reason = isAppError(error) ? error.userMessage : "Processing failed because of an internal error.";
    log.warn({ err: error }, "material ingestion failed");
    await db.material.update({
      where: { id: material.id },
      data: { status: "FAILED", stage: null, error: reason },
    });
    throw isAppError(error)
      ? error
      : new AppError(ErrorCode.Internal, "material ingestion failed", {
          cause: error,
          details: { materialId: material.id },
        });
  }
}

/**
 * The same file again, for a material added before originals were kept: it changes nothing else, but
 * now its original can be opened.
 */
async function keepMissingOriginal(
  db: Prisma,
  material: Material,
  file: { data: Uint8Array; fileName?: string | undefined; sourceUrl?: string | undefined },
): Promise<void> {
  const stored = await db.materialFile.count({ where: { materialId: material.id } });
  if (stored > 0) return;
  await db.$transaction((tx) =>
    saveOriginalFile(tx, {
      materialId: material.id,
      type: material.type,
      data: file.data,
      fileName: originalFileName(material.type, file),
    }),
  );
}

function validateSize(data: Uint8Array): void {
  if (data.byteLength === 0) {
    throw new AppError(ErrorCode.InvalidInput, "empty material", { userMessage: "That file is empty." });
  }
  if (data.byteLength > MAX_MATERIAL_BYTES) {
    throw materialTooLarge({ bytes: data.byteLength, reason: "material over the size limit" });
  }
}

function progressReporter(db: Prisma, materialId: string, onProgress?: (p: IngestProgress) => void) {
  let lastWrite = 0;
  return async (stage: IngestStage, progress: number, force = false) => {
    onProgress?.({ materialId, stage, progress });
    const now = Date.now();
    if (!force && now - lastWrite < PROGRESS_WRITE_INTERVAL_MS) return;
    lastWrite = now;
    await db.material.update({ where: { id: materialId }, data: { stage, progress } });
  };
}
