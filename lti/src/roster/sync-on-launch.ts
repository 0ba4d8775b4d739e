import type { CourseRole, Logger, Prisma } from "@studyhall/core";
import { requestRosterSync } from "./roster-jobs.ts";

/**
 * After a staff launch: asks for a roster sync of the launch's context (at most one per 10 minutes).
 * The launch waits for two small writes, never for the sync, and never fails because of it.
 */
export async function syncRosterOnLaunch(
  deps: { db: Prisma; log: Logger; now: () => number },
  link: { id: string } | null,
  role: CourseRole,
): Promise<void> {
  if (!link || role !== "STAFF") return;
  try {
    const request = await requestRosterSync(deps, link.id);
    if (request.status === "scheduled")
      deps.log.info({ linkId: link.id }, "LTI roster sync scheduled on launch");
  } catch (error) {
    deps.log.warn({ err: error, linkId: link.id }, "could not schedule a roster sync on launch");
  }
}
