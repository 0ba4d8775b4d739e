import { z } from "zod";
import type { Prisma } from "../../db/open-database.ts";
import { districtProviderSchema } from "./district-roster.ts";

export const listPersonDistrictSectionsInput = z.object({
  provider: districtProviderSchema,
  districtExternalId: z.string().min(1).max(255),
  /** The person's id in the district (Clever user id, OneRoster sourcedId). */
  externalId: z.string().min(1).max(255),
});

export interface PersonDistrictSection {
  courseId: string;
  courseName: string;
  sectionName: string;
  schoolName: string | null;
  termName: string | null;
  role: "STAFF" | "STUDENT";
}

/**
 * The classes of a district a person is in now, with the course made for each: active enrolments in
 * classes the district still lists, whoever made the enrolment (the roster, a link code, a teacher).
 * Empty for someone the district does not know. For the home page of a person signing in with Clever.
 */
export async function listPersonDistrictSections(
  db: Prisma,
  input: z.input<typeof listPersonDistrictSectionsInput>,
): Promise<PersonDistrictSection[]> {
  const parsed = listPersonDistrictSectionsInput.safeParse(input);
  if (!parsed.success) return [];
  const { provider, districtExternalId, externalId } = parsed.data;
  const identity = await db.identity.findUnique({
    where: { platform_tenant_externalId: { platform: provider, tenant: districtExternalId, externalId } },
    select: { userId: true },
  });
  if (!identity) return [];
  const enrollments = await db.enrollment.findMany({
    where: {
      userId: identity.userId,
      removedAt: null,
      course: {
        rosterSection: { removedAt: null, district: { provider, externalId: districtExternalId } },
      },
    },
    select: {
      role: true,
      course: {
        select: {
          id: true,
          name: true,
          rosterSection: { select: { name: true, schoolName: true, termName: true } },
        },
      },
    },
  });
  return enrollments
    .flatMap((e) => {
      const section = e.course.rosterSection;
      return section
        ? [
            {
              courseId: e.course.id,
              courseName: e.course.name,
              sectionName: section.name,
              schoolName: section.schoolName,
              termName: section.termName,
              role: e.role,
            },
          ]
        : [];
    })
    .sort((a, b) => a.courseName.localeCompare(b.courseName) || a.courseId.localeCompare(b.courseId));
}
