import type { Platform, SpaceKind } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";

/** A chat channel or server linked to a course. */
export interface LinkedChatSpace {
  platform: Platform;
  kind: SpaceKind;
  name: string | null;
}

/** The Slack and Discord places linked to a course, in the order they were linked. */
export async function listCourseChatSpaces(db: Prisma, courseId: string): Promise<LinkedChatSpace[]> {
  return db.courseSpace.findMany({
    where: { courseId, platform: { in: ["DISCORD", "SLACK"] } },
    orderBy: { createdAt: "asc" },
    select: { platform: true, kind: true, name: true },
  });
}

/** The name StudyHall knows a course's space by (a chat channel's), or null. */
export async function findSpaceName(
  db: Prisma,
  space: { courseId: string; platform: Platform; tenant: string; externalId: string },
): Promise<string | null> {
  const found = await db.courseSpace.findFirst({
    where: {
      courseId: space.courseId,
      platform: space.platform,
      tenant: space.tenant,
      externalId: space.externalId,
    },
    select: { name: true },
  });
  return found?.name ?? null;
}
