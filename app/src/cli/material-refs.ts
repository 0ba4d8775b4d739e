import { AppError, ErrorCode, listMaterials } from "@studyhall/core";
import type { Services } from "../services.ts";

/**
 * The ids of the materials an operator named on the command line, by id or by title as
 * `studyhall materials` lists it (case does not matter). A name that matches none is refused.
 */
export async function materialIdsByRef(
  services: Services,
  courseId: string,
  refs: string[],
): Promise<string[]> {
  const materials = await listMaterials(services.database.prisma, courseId);
  return refs.map((ref) => {
    const wanted = ref.trim().toLowerCase();
    const found = materials.find((m) => m.id === wanted || m.title.toLowerCase() === wanted);
    if (!found)
      throw new AppError(ErrorCode.NotFound, "material not in course", {
        userMessage: `No material "${ref}" in this course. See its materials with: studyhall materials --course <course>`,
      });
    return found.id;
  });
}
