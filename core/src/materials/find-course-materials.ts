import type { Material } from "../db/generated/client.ts";
import type { Prisma } from "../db/open-database.ts";

/** The material with this id if it belongs to the course, else null (another course's is unknown). */
export async function findCourseMaterial(
  db: Prisma,
  input: { courseId: string; materialId: string },
): Promise<Material | null> {
  return db.material.findFirst({ where: { id: input.materialId, courseId: input.courseId } });
}

/**
 * A course's ready materials, newest first (at most `limit`); with `materialIds`, only those of them,
 * so a front end can check that what someone picked is still ready and in the course.
 */
export async function listReadyMaterials(
  db: Prisma,
  input: { courseId: string; materialIds?: string[]; limit?: number },
): Promise<Array<Pick<Material, "id" | "title" | "type">>> {
  return db.material.findMany({
    where: {
      courseId: input.courseId,
      status: "READY",
      ...(input.materialIds ? { id: { in: input.materialIds } } : {}),
    },
    orderBy: { createdAt: "desc" },
    ...(input.limit ? { take: input.limit } : {}),
    select: { id: true, title: true, type: true },
  });
}
