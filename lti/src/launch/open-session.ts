import type { CourseRole, Prisma } from "@studyhall/core";
import type { VerifiedLaunch } from "../security/verify-launch.ts";

/**
 * Records an accepted launch as the session its ltik stands for (id = the login state ltijs puts in the
 * ltik as `s`), with the expiry every later request is checked against.
 */
export async function openSession(
  db: Prisma,
  launch: VerifiedLaunch,
  course: { courseId: string | null; role: CourseRole },
  options: { now: number; ttlMs: number },
): Promise<{ id: string; expiresAt: Date }> {
  const { claims } = launch;
  const expiresAt = new Date(options.now + options.ttlMs);
  await db.ltiLaunch.create({
    data: {
      id: launch.state,
      platformId: launch.platform.id,
      issuer: claims.issuer,
      deploymentId: claims.deploymentId,
      subject: claims.subject,
      displayName: claims.displayName?.slice(0, 200) ?? null,
      contextId: claims.context?.id ?? null,
      courseId: course.courseId,
      role: course.role,
      messageType: claims.messageType,
      createdAt: new Date(options.now),
      expiresAt,
    },
  });
  return { id: launch.state, expiresAt };
}
