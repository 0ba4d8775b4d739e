import type { Prisma } from "../db/open-database.ts";

/** One course as the operator's course list shows it. */
export interface CourseListing {
  id: string;
  slug: string;
  name: string;
  archived: boolean;
  materials: number;
  people: number;
  /**
   * For a course made for a district's class (Clever, OneRoster): the district, school and term, which
   * tell apart classes of one name (every school has its "Algebra I - Period 1").
   */
  districtClass?: { district: string; school: string | null; term: string | null };
}

/**
 * Every course that is not archived (archived ones too with `includeArchived`), oldest first, with how
 * many materials and people it has and, for a district's class, where it is taught.
 */
export async function listCourses(
  db: Prisma,
  options: { includeArchived?: boolean } = {},
): Promise<CourseListing[]> {
  const courses = await db.course.findMany({
    where: options.includeArchived ? {} : { archivedAt: null },
    orderBy: { createdAt: "asc" },
    include: {
      _count: { select: { materials: true, enrollments: true } },
      rosterSection: { select: { schoolName: true, termName: true, district: { select: { name: true } } } },
    },
  });
  return courses.map((c) => ({
    id: c.id,
    slug: c.slug,
    name: c.name,
    archived: c.archivedAt !== null,
    materials: c._count.materials,
    people: c._count.enrollments,
    ...(c.rosterSection
      ? {
          districtClass: {
            district: c.rosterSection.district.name,
            school: c.rosterSection.schoolName,
            term: c.rosterSection.termName,
          },
        }
      : {}),
  }));
}
