import type { Platform } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";

/**
 * Whether a chat thread is one the tutor answered in: some tutor conversation is keyed by it. The
 * conversation rows are the durable record of our threads, so any process can tell a follow-up from
 * ordinary chatter without remembering anything itself.
 */
export async function isTutorThread(
  db: Prisma,
  input: { platform: Platform; threadKey: string },
): Promise<boolean> {
  const conversation = await db.conversation.findFirst({
    where: { platform: input.platform, threadKey: input.threadKey },
    select: { id: true },
  });
  return conversation !== null;
}
