import { randomBytes } from "node:crypto";
import type { Actor, CourseRole, Prisma } from "@studyhall/core";
import { SignJWT } from "jose";
import type { LtiSession } from "../security/check-session.ts";
import type { CleverRole } from "./clever-records.ts";

/** The roles a Clever user record can carry at once (a multi-role user has several). */
const CLEVER_ROLES: readonly CleverRole[] = ["student", "teacher", "staff", "district_admin"];

/** A session's kind (LtiLaunch.messageType): the classes list, or one class's pages. */
export const CLEVER_HOME = "CleverHome";
export const CLEVER_COURSE = "CleverCourse";

// A Clever sign-in has no LTI deployment; the column keeps the roles the sign-in stated instead, which the
// district page needs (the roster names no district admins) and the schema has no other place for.
const ROLES_PREFIX = "clever-roles:";

/** Who signed in with Clever: the district and user ids the roster sync keys them by. */
export interface CleverSignIn {
  districtId: string;
  userId: string;
  displayName?: string;
  roles: CleverRole[];
}

/** The person of a Clever sign-in as core's actor: the same identity the roster sync made. */
export function cleverActor(signIn: Pick<CleverSignIn, "districtId" | "userId" | "displayName">): Actor {
  return {
    platform: "CLEVER",
    tenant: signIn.districtId,
    externalId: signIn.userId,
    ...(signIn.displayName ? { displayName: signIn.displayName.slice(0, 200) } : {}),
  };
}

/** Staff pages for teachers, school staff and district admins; the student page for everyone else. */
export function homeRoleOf(roles: readonly CleverRole[]): CourseRole {
  return roles.some((role) => role !== "student") ? "STAFF" : "STUDENT";
}

export function isCleverSession(session: Pick<LtiSession, "via">): boolean {
  return session.via === "CLEVER";
}

/** The Clever roles the session's sign-in stated (none for an LMS session). */
export function cleverRolesOf(session: Pick<LtiSession, "via" | "deploymentId">): CleverRole[] {
  if (!isCleverSession(session) || !session.deploymentId.startsWith(ROLES_PREFIX)) return [];
  const named = session.deploymentId.slice(ROLES_PREFIX.length).split(",");
  return CLEVER_ROLES.filter((role) => named.includes(role));
}

/**
 * Opens a page session for a Clever sign-in (an LtiLaunch row with `via` CLEVER, `issuer` the Clever
 * district id and `subject` the Clever user id) and signs its ltik as ltijs signs an LMS launch's (HS256
 * under the encryption key, `s` the session id), so every page checks it the same way
 * (security/check-session.ts). `courseId` null is the classes list; a course session opens that class's
 * pages with `role`.
 */
export async function openCleverSession(
  db: Prisma,
  signIn: CleverSignIn,
  course: { courseId: string | null; role: CourseRole },
  options: { now: number; ttlMs: number; encryptionKey: string },
): Promise<{ id: string; ltik: string; expiresAt: Date }> {
  const id = `clever-${randomBytes(24).toString("hex")}`;
  const expiresAt = new Date(options.now + options.ttlMs);
  await db.ltiLaunch.create({
    data: {
      id,
      via: "CLEVER",
      platformId: null,
      issuer: signIn.districtId,
      deploymentId: `${ROLES_PREFIX}${signIn.roles.join(",")}`,
      subject: signIn.userId,
      displayName: signIn.displayName?.slice(0, 200) ?? null,
      contextId: null,
      courseId: course.courseId,
      role: course.role,
      messageType: course.courseId ? CLEVER_COURSE : CLEVER_HOME,
      createdAt: new Date(options.now),
      expiresAt,
    },
  });
  const ltik = await new SignJWT({ s: id, platformUrl: signIn.districtId, user: signIn.userId })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt(Math.floor(options.now / 1000))
    .sign(new TextEncoder().encode(options.encryptionKey));
  return { id, ltik, expiresAt };
}

/** The sign-in a session was opened for, to open another session (a class) for the same person. */
export function signInOf(session: LtiSession): CleverSignIn {
  return {
    districtId: session.issuer,
    userId: session.subject,
    ...(session.displayName ? { displayName: session.displayName } : {}),
    roles: cleverRolesOf(session),
  };
}
