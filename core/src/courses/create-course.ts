import { z } from "zod";
import type { Course } from "../db/generated/client.ts";
import type { Prisma } from "../db/open-database.ts";
import { slugify } from "./slugify.ts";

export const createCourseInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Give the course a name.")
    .max(200, "Course names are at most 200 characters."),
  description: z.string().trim().max(2000).optional(),
  /** Staff member to enrol; operators creating from the CLI are enrolled this way. */
  staffUserId: z.string().uuid().optional(),
});

/**
 * Creates a course with a unique slug derived from its name ("biology-101", then "biology-101-2", ...).
 * Names need not be unique: two teachers may both teach "Biology 101".
 */
export async function createCourse(db: Prisma, input: z.input<typeof createCourseInput>): Promise<Course> {
  const { name, description, staffUserId } = createCourseInput.parse(input);
  const base = slugify(name);
  const taken = new Set(
    (await db.course.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map(
      (c) => c.slug,
    ),
  );
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (taken.has(slug)) continue;
    try {
      return await db.course.create({
        data: {
          slug,
          name,
          description: description ?? null,
          ...(staffUserId
            ? {
                enrollments: {
                  create: { userId: staffUserId, role: "STAFF", source: "MANUAL", roleSource: "MANUAL" },
                },
              }
            : {}),
        },
      });
    } catch (error) {
      // Another process took this slug between our read and write; try the next one.
      if ((error as { code?: string }).code !== "P2002") throw error;
      taken.add(slug);
    }
  }
}
