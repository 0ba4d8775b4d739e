import type { Prisma } from "@studyhall/core";
import type { LaunchClaims } from "./launch-claims.ts";

/**
 * Remembers, for the launch's LMS context, which StudyHall course it maps to and where its LTI
 * Advantage services live (AGS line items, NRPS memberships). Every launch refreshes the row, so grade
 * delivery and roster syncs use the endpoints the platform announced most recently. A launch that does
 * not mention a service leaves what an earlier launch stored (students' launches often carry fewer
 * claims than instructors').
 */
export async function recordCourseLink(
  db: Prisma,
  launch: { platformId: string; claims: LaunchClaims },
  courseId: string,
) {
  const { claims } = launch;
  if (!claims.context) return null;
  const services = {
    ...(claims.ags?.lineItemsUrl
      ? { lineItemsUrl: claims.ags.lineItemsUrl, agsScopes: claims.ags.scopes }
      : {}),
    ...(claims.nrps ? { membershipsUrl: claims.nrps.membershipsUrl } : {}),
  };
  return db.ltiCourseLink.upsert({
    where: { platformId_contextId: { platformId: launch.platformId, contextId: claims.context.id } },
    create: {
      courseId,
      platformId: launch.platformId,
      deploymentId: claims.deploymentId,
      contextId: claims.context.id,
      ...services,
    },
    update: { courseId, deploymentId: claims.deploymentId, ...services },
  });
}
