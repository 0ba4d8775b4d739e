import type { Prisma } from "@studyhall/core";
import { LOGIN_MAX_AGE_MS } from "../security/verify-launch.ts";

/**
 * Logins are kept only as long as one may take: after that a launch is refused whether its state is
 * still stored (expired) or not (unknown), so nothing older is worth storing. A replay after that is
 * still refused; it is just reported as unknown rather than as a replay.
 */
const LOGIN_KEEP_MS = LOGIN_MAX_AGE_MS;

/**
 * Deletes what has expired: ltijs's records past their TTL, logins past their expiry, and sessions past
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
