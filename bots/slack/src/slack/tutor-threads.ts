import type { Prisma } from "@studyhall/core";

/**
 * Whether a channel thread is one the tutor answered in: some tutor conversation is keyed by it. The
 * conversation rows are the durable record of our threads, so any process can tell a follow-up from
 * ordinary chatter without remembering anything itself.
 */
export async function isTutorThread(db: Prisma, threadKey: string): Promise<boolean> {
  const conversation = await db.conversation.findFirst({
    where: { platform: "SLACK", threadKey },
    select: { id: true },
  });
  return conversation !== null;
}
