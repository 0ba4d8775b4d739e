import type { Course } from "../db/generated/client.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { slugify } from "./slugify.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Finds a course by id, slug, or name (case-insensitive; only when one open course has it, as
 * people type "Hydrology 101" where the slug is "hydrology-101"). Throws NotFound with the nearest
 * slugs as a suggestion, or asks for the slug when several courses share the name. An archived course
 * is found by its id or slug only (it is read-only, not gone: its staff reopen it, people read it);
 * names and suggestions skip it, as pickers do.
 */
export async function findCourse(db: Prisma, ref: string): Promise<Course> {
  const wanted = ref.trim();
  const course = UUID.test(wanted)
    ? await db.course.findUnique({ where: { id: wanted } })
    : await db.course.findUnique({ where: { slug: wanted.toLowerCase() } });
  if (course) return course;
  if (!UUID.test(wanted) && wanted !== "") {
    const named = await db.course.findMany({
      where: { name: { equals: wanted, mode: "insensitive" }, archivedAt: null },
      orderBy: { createdAt: "asc" },
      take: 5,
    });
    if (named.length === 1) return named[0]!;
    if (named.length > 1) {
      throw new AppError(ErrorCode.InvalidInput, `several courses named ${wanted}`, {
        userMessage: `Several courses are named "${wanted}": ${named.map((c) => c.slug).join(", ")}. Use the slug.`,
      });
    }
  }
  const similar = await db.course.findMany({
    where: { slug: { contains: slugify(wanted).slice(0, 12) }, archivedAt: null },
    select: { slug: true },
    take: 5,
  });
  const hint = similar.length > 0 ? ` Did you mean: ${similar.map((c) => c.slug).join(", ")}?` : "";
  throw new AppError(ErrorCode.NotFound, `no course ${ref}`, {
    userMessage: `There is no course "${ref}".${hint}`,
  });
}
