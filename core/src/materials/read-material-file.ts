import { z } from "zod";
import { requireEnrollment } from "../courses/enrollments.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";

export const readMaterialFileInput = z.object({
  actor: actorSchema,
  courseId: z.uuid(),
  materialId: z.uuid(),
});

/** A material's original file, as it was uploaded. */
export interface MaterialFileContent {
  materialId: string;
  /** The detected type's Content-Type ("application/pdf", "text/markdown; charset=utf-8"). */
  contentType: string;
  /** The uploaded name, unchanged: a front end makes it safe for its headers. */
  fileName: string;
  sizeBytes: number;
  data: Uint8Array;
}

/** Said when a material has no original: it was added before StudyHall kept them. */
export const NO_ORIGINAL_MESSAGE =
  "The original file of this material is not stored: it was added before StudyHall kept original files. Course staff can upload the same file again to keep it.";

/**
 * The original file of one material, for anyone enrolled in its course. An unknown or malformed id and
 * another course's material are the same "not found"; a material added before originals were kept is
 * "not found" too, saying so.
 */
export async function readMaterialFile(
  db: Prisma,
  input: z.input<typeof readMaterialFileInput>,
): Promise<MaterialFileContent> {
  const { actor, courseId, materialId } = parseUseCaseInput(readMaterialFileInput, input, {
    materialId: materialNotFound,
  });
  const { userId } = await resolveUser(db, actor);
  await requireEnrollment(db, courseId, userId);
  const material = await db.material.findFirst({
    where: { id: materialId, courseId },
    select: { id: true, file: true },
  });
  if (!material) throw materialNotFound();
  if (!material.file) {
    throw new AppError(ErrorCode.NotFound, "material has no stored original", {
      userMessage: NO_ORIGINAL_MESSAGE,
      details: { materialId },
    });
  }
  const { contentType, fileName, sizeBytes, data } = material.file;
  return { materialId, contentType, fileName, sizeBytes, data };
}

function materialNotFound(): AppError {
  return new AppError(ErrorCode.NotFound, "no such material in course", {
    userMessage: "That material is not in this course.",
  });
}
