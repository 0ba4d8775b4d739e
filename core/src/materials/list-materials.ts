import type { Material } from "../db/generated/client.ts";
import type { Prisma } from "../db/open-database.ts";

/** A course's materials, newest first. */
export function listMaterials(db: Prisma, courseId: string): Promise<Material[]> {
  return db.material.findMany({ where: { courseId }, orderBy: { createdAt: "desc" } });
}

/** Materials left PROCESSING longer than this are taken to be interrupted (a crash or restart). */
const INTERRUPTED_AFTER_MS = 10 * 60_000;

/**
 * Marks materials whose processing was interrupted as FAILED so people can see it and retry (adding
 * the same file again resumes it). Run at start.
 */
export async function failInterruptedIngests(db: Prisma, now = new Date()): Promise<number> {
  const { count } = await db.material.updateMany({
    where: { status: "PROCESSING", updatedAt: { lt: new Date(now.getTime() - INTERRUPTED_AFTER_MS) } },
    data: {
      status: "FAILED",
      stage: null,
      error: "Processing was interrupted. Add the file again to retry.",
    },
  });
  return count;
}
