import type { CourseRole, Platform, Prisma } from "@studyhall/core";
import { jwtVerify } from "jose";
import { LtiRejection } from "./lti-rejection.ts";

/** One launch's session, as the pages see it (a row of LtiLaunch). */
export interface LtiSession {
  id: string;
  /** The LMS registration; null for a Clever sign-in (`via` CLEVER). */
  platformId: string | null;
  /** LTI for a launch from an LMS, CLEVER for Instant Login. */
  via: Platform;
  issuer: string;
  deploymentId: string;
  subject: string;
  displayName: string | null;
  contextId: string | null;
  courseId: string | null;
  role: CourseRole;
  messageType: string;
  expiresAt: Date;
}

/**
 * The session an `ltik` stands for. ltijs signs the ltik (HS256 under the encryption key) but gives it no
 * expiry and, without its session cookie, nothing binds it to a launch we accepted. Here it must name an
 * `LtiLaunch` row (created only after our own launch checks) that has not expired, for the same issuer
 * and user.
 */
export async function checkSession(
  ltik: string,
  deps: { db: Prisma; encryptionKey: string; now: () => number },
): Promise<LtiSession> {
  let claims: Record<string, unknown>;
  try {
    ({ payload: claims } = await jwtVerify(ltik, new TextEncoder().encode(deps.encryptionKey), {
      algorithms: ["HS256"],
    }));
  } catch (error) {
    throw new LtiRejection("session_invalid", { cause: error });
  }
  if (typeof claims.s !== "string") throw new LtiRejection("session_invalid");
  const session = await deps.db.ltiLaunch.findUnique({ where: { id: claims.s } });
  if (!session) throw new LtiRejection("session_invalid");
  if (session.issuer !== claims.platformUrl || session.subject !== claims.user) {
    throw new LtiRejection("session_invalid");
  }
  if (session.expiresAt.getTime() <= deps.now()) throw new LtiRejection("session_expired");
  const { createdAt: _createdAt, ...rest } = session;
  return rest;
}
