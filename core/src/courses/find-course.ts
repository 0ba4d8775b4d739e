import type { Course } from "../db/generated/client.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Finds a course by id or slug. Throws NotFound with the nearest slugs as a suggestion. */
export async function findCourse(db: Prisma, ref: string): Promise<Course> {
  const course = UUID.test(ref)
    ? await db.course.findUnique({ where: { id: ref } })
    : await db.course.findUnique({ where: { slug: ref.trim().toLowerCase() } });
  if (course && !course.archivedAt) return course;
  const similar = await db.course.findMany({
    where: { slug: { contains: ref.trim().toLowerCase().slice(0, 12) }, archivedAt: null },
    select: { slug: true },
    take: 5,
  });
  const hint = similar.length > 0 ? ` Did you mean: ${similar.map((c) => c.slug).join(", ")}?` : "";
  throw new AppError(ErrorCode.NotFound, `no course ${ref}`, {
    userMessage: `There is no course "${ref}".${hint}`,
  });
}
