import type { Prisma } from "@studyhall/core";
import { LOGIN_MAX_AGE_MS } from "./verify-launch.ts";

/**
 * Login states kept per platform by default. A login takes seconds from our redirect to the platform's
 * answer, so this is far above the logins one LMS has in flight at once, and small enough that a flood
 * of logins naming that LMS's issuer cannot fill the database (each row is well under a kilobyte).
 */
export const DEFAULT_LOGIN_STATES_PER_PLATFORM = 10_000;

/** One started login, as {@link recordLoginState} stores it. */
export interface LoginStateRow {
  state: string;
  nonce: string;
  platformId: string;
  issuer: string;
  clientId: string;
  loginHint: string;
  deploymentId: string | null;
  targetLinkUri: string;
}

/**
 * Stores a login's state and nonce with a bound on what its platform keeps: in one transaction that
 * holds the platform's row, it deletes the platform's logins older than a login may take (no launch
 * can use them), then its oldest beyond `maxPerPlatform - 1`, then inserts the new one. So a platform
 * never has more than `maxPerPlatform` rows, however many processes start logins at once.
 *
 * The oldest make room rather than new logins being refused: refusing would let anyone who knows an
 * issuer lock every teacher and student of that LMS out for the whole expiry with `maxPerPlatform`
 * requests, while dropping the oldest costs a real person their login only if that many logins
 * arrive during their few seconds at the platform. With the defaults (10,000 kept, 300 logins a
 * minute per client address, security/rate-limits.ts) that takes 10,000 logins within those seconds,
 * from hundreds of addresses at once; the person then sees "not started by StudyHall" and opens
 * StudyHall again, and nobody is locked out once the flood stops.
 */
export async function recordLoginState(
  db: Prisma,
  row: LoginStateRow,
  options: { now: number; maxPerPlatform: number },
): Promise<void> {
  const { platformId, ...data } = row;
  const { issuer, clientId } = data;
  const keep = Math.max(0, Math.floor(options.maxPerPlatform) - 1);
  await db.$transaction(async (tx) => {
    // Serialises this platform's logins (and only them: NO KEY UPDATE leaves its foreign keys free).
    await tx.$executeRaw`SELECT 1 FROM "LtiPlatform" WHERE id = ${platformId}::uuid FOR NO KEY UPDATE`;
    await tx.ltiLoginState.deleteMany({
      where: { issuer, clientId, createdAt: { lt: new Date(options.now - LOGIN_MAX_AGE_MS) } },
    });
    await tx.$executeRaw`
      DELETE FROM "LtiLoginState" WHERE state IN (
        SELECT state FROM "LtiLoginState"
        WHERE issuer = ${issuer} AND "clientId" = ${clientId}
        ORDER BY "createdAt" DESC, state DESC
        OFFSET ${keep})`;
    await tx.ltiLoginState.create({ data: { ...data, createdAt: new Date(options.now) } });
  });
}
