import type { Prisma } from "../db/open-database.ts";

/** One course as the operator's course list shows it. */
export interface CourseListing {
  id: string;
  slug: string;
  name: string;
  archived: boolean;
  materials: number;
  people: number;
}

/**
 * Every course that is not archived (archived ones too with `includeArchived`), oldest first, with how
 * many materials and people it has.
 */
export async function listCourses(
  db: Prisma,
  options: { includeArchived?: boolean } = {},
): Promise<CourseListing[]> {
  const courses = await db.course.findMany({
    where: options.includeArchived ? {} : { archivedAt: null },
    orderBy: { createdAt: "asc" },
    include: { _count: { select: { materials: true, enrollments: true } } },
  });
  return courses.map((c) => ({
    id: c.id,
    slug: c.slug,
    name: c.name,
    archived: c.archivedAt !== null,
    materials: c._count.materials,
    people: c._count.enrollments,
  }));
}
