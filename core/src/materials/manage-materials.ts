import { z } from "zod";
import { recordAudit } from "../audit/record-audit.ts";
import { requireMaterialsAccess } from "../courses/course-settings-access.ts";
import { requireEnrollment, requireStaff } from "../courses/enrollments.ts";
import { requireOpenCourseById } from "../courses/require-open-course.ts";
import type { Material } from "../db/generated/client.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import {
  type IngestDeps,
  type IngestProgress,
  type IngestResult,
  ingestMaterial,
} from "./ingest-material.ts";

/**
 * A material added by a person through a front end: staff, or anyone enrolled when the course allows it
 * (its materials setting), then the same ingestion as the CLI.
 */
export async function addMaterial(
  input: {
    actor: z.input<typeof actorSchema>;
    courseId: string;
    data: Uint8Array;
    fileName?: string;
    contentType?: string;
    sourceUrl?: string;
    title?: string;
  },
  deps: IngestDeps,
  options: { onProgress?: (progress: IngestProgress) => void } = {},
): Promise<IngestResult> {
  const actor = actorSchema.parse(input.actor);
  const { userId } = await resolveUser(deps.db, actor);
  await requireMaterialsAccess(deps.db, input.courseId, userId);
  const { actor: _actor, ...file } = input;
  return ingestMaterial({ ...file, uploadedById: userId, uploadedVia: actor.platform }, deps, options);
}

/** The course's materials, for anyone enrolled in it. */
export async function listCourseMaterials(
  db: Prisma,
  input: { actor: z.input<typeof actorSchema>; courseId: string },
): Promise<Material[]> {
  const { userId } = await resolveUser(db, actorSchema.parse(input.actor));
  await requireEnrollment(db, input.courseId, userId);
  return db.material.findMany({ where: { courseId: input.courseId }, orderBy: { createdAt: "desc" } });
}

/** Removes a material and its passages. Staff only; a material of another course is "not found". */
export async function removeMaterial(
  db: Prisma,
  input: { actor: z.input<typeof actorSchema>; courseId: string; materialId: string },
): Promise<Material> {
  const actor = actorSchema.parse(input.actor);
  const { userId } = await resolveUser(db, actor);
  await requireStaff(db, input.courseId, userId);
  await requireOpenCourseById(db, input.courseId);
  // A malformed id names no material: "not found", as another course's material is (and never a 500).
  if (!materialId.safeParse(input.materialId).success) throw materialNotFound();
  const material = await db.material.findFirst({ where: { id: input.materialId, courseId: input.courseId } });
  if (!material) throw materialNotFound();
  await db.$transaction(async (tx) => {
    await tx.material.delete({ where: { id: material.id } });
    await recordAudit(tx, {
      action: "material.deleted",
      courseId: input.courseId,
      actorId: userId,
      actorPlatform: actor.platform,
      targetType: "material",
      targetId: material.id,
      details: { title: material.title.slice(0, 200), type: material.type },
    });
  });
  return material;
}

const materialId = z.uuid();

function materialNotFound(): AppError {
  return new AppError(ErrorCode.NotFound, "no such material in course", {
    userMessage: "That material is not in this course.",
  });
}
