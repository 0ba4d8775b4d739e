import type { Prisma } from "../db/open-database.ts";

/** One open course as the operator's course list shows it. */
export interface CourseListing {
  id: string;
  slug: string;
  name: string;
  materials: number;
  people: number;
}

/** Every course that is not archived, oldest first, with how many materials and people it has. */
export async function listCourses(db: Prisma): Promise<CourseListing[]> {
  const courses = await db.course.findMany({
    where: { archivedAt: null },
    orderBy: { createdAt: "asc" },
    include: { _count: { select: { materials: true, enrollments: true } } },
  });
  return courses.map((c) => ({
    id: c.id,
    slug: c.slug,
    name: c.name,
    materials: c._count.materials,
    people: c._count.enrollments,
  }));
}
