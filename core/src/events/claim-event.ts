import type { Prisma } from "../db/open-database.ts";

/**
 * Claims a delivery for processing: true for exactly one caller per key across every process sharing
 * the database, false for every retry or duplicate after it. Keys are namespaced by their source,
 * e.g. "slack:event:Ev123" or "discord:interaction:456".
 */
export async function claimEvent(db: Prisma, key: string): Promise<boolean> {
  const inserted = await db.$executeRaw`
    INSERT INTO "ProcessedEvent" ("key") VALUES (${key}) ON CONFLICT ("key") DO NOTHING`;
  return inserted === 1;
}

/** Forgets claims older than `olderThanMs` (platform retries stop within minutes). */
export async function pruneClaimedEvents(db: Prisma, olderThanMs = 24 * 3600_000): Promise<number> {
  const { count } = await db.processedEvent.deleteMany({
    where: { createdAt: { lt: new Date(Date.now() - olderThanMs) } },
  });
  return count;
}
