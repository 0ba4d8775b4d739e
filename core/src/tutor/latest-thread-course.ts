import type { Prisma } from "../db/open-database.ts";

/**
 * The course of the person's latest question in a thread (e.g. their DMs with the bot), among
 * `courseIds`; null when they have not asked there yet. Front ends use it so that a DM goes on in the
 * course the person was last talking about.
 */
export async function latestThreadCourse(
  db: Prisma,
  input: { userId: string; threadKey: string; courseIds: string[] },
): Promise<string | null> {
  const last = await db.message.findFirst({
    where: {
      role: "USER",
      conversation: { userId: input.userId, threadKey: input.threadKey, courseId: { in: input.courseIds } },
    },
    orderBy: { createdAt: "desc" },
    select: { conversation: { select: { courseId: true } } },
  });
  return last?.conversation.courseId ?? null;
}
