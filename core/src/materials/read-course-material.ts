import { z } from "zod";
import { requireEnrollment } from "../courses/enrollments.ts";
import type { Material } from "../db/generated/client.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";

export const readCourseMaterialInput = z.object({
  actor: actorSchema,
  courseId: z.uuid(),
  materialId: z.uuid(),
  /** Passages to return at most (0: the material alone). */
  maxPassages: z.number().int().min(0).max(1000).default(200),
});

export interface CourseMaterial {
  material: Material;
  /** The material's passages in order, once it is ready; empty while it is processing or failed. */
  passages: Array<{ anchor: string | null; section: string | null; page: number | null; text: string }>;
  /** The original file, when it is kept (materials added before originals were kept have none). */
  original: { fileName: string; contentType: string; sizeBytes: number } | null;
  /** True when the material has more passages than were returned. */
  truncated: boolean;
}

/**
 * One material of the course, with its passages, for anyone enrolled in it. An unknown or malformed
 * id and another course's material are the same "not found": the page cannot tell them apart.
 */
export async function readCourseMaterial(
  db: Prisma,
  input: z.input<typeof readCourseMaterialInput>,
): Promise<CourseMaterial> {
  const { actor, courseId, materialId, maxPassages } = parseUseCaseInput(readCourseMaterialInput, input, {
    materialId: materialNotFound,
  });
  const { userId } = await resolveUser(db, actor);
  await requireEnrollment(db, courseId, userId);
  const found = await db.material.findFirst({
    where: { id: materialId, courseId },
    include: { file: { select: { fileName: true, contentType: true, sizeBytes: true } } },
  });
  if (!found) throw materialNotFound();
  const { file: original, ...material } = found;
  if (maxPassages === 0 || material.status !== "READY")
    return { material, passages: [], truncated: false, original };
  const chunks = await db.materialChunk.findMany({
    where: { materialId, courseId },
    orderBy: { ordinal: "asc" },
    take: maxPassages + 1,
    select: { anchor: true, section: true, page: true, text: true },
  });
  return {
    material,
    passages: chunks.slice(0, maxPassages),
    truncated: chunks.length > maxPassages,
    original,
  };
}

function materialNotFound(): AppError {
  return new AppError(ErrorCode.NotFound, "no such material in course", {
    userMessage: "That material is not in this course.",
  });
}
