import type { Prisma } from "@studyhall/core";

/** Logins are kept a day after they start: long enough to tell a replayed nonce from a foreign one. */
const LOGIN_KEEP_MS = 24 * 3600_000;

/**
 * Deletes what has expired: ltijs's records past their TTL, logins older than a day, and sessions past
 * their expiry. Run periodically by the front end; safe from any number of processes at once.
 */
export async function pruneLtiData(
  db: Prisma,
  now = Date.now(),
): Promise<{ records: number; logins: number; sessions: number }> {
  const at = new Date(now);
  const records = await db.ltiRecord.deleteMany({ where: { expiresAt: { lt: at } } });
  const logins = await db.ltiLoginState.deleteMany({
    where: { createdAt: { lt: new Date(now - LOGIN_KEEP_MS) } },
  });
  const sessions = await db.ltiLaunch.deleteMany({ where: { expiresAt: { lt: at } } });
  return { records: records.count, logins: logins.count, sessions: sessions.count };
}
