import type { Prisma } from "../../db/open-database.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import type { Actor } from "../../people/actor.ts";
import { resolveUser } from "../../people/resolve-user.ts";
import type { LiveSession } from "./live-session.ts";

/**
 * Refuses a host command (start, pause, skip, stop) from anyone but the game's host, the platform's
 * staff (space admins) and the course's active staff.
 */
export async function requireQuizHost(
  db: Prisma,
  session: LiveSession,
  actor: Actor,
  platformStaff: boolean,
): Promise<void> {
  const { userId } = await resolveUser(db, actor);
  if (userId === session.hostUserId || platformStaff) return;
  const enrollment = await db.enrollment.findUnique({
    where: { courseId_userId: { courseId: session.courseId, userId } },
  });
  if (enrollment?.role === "STAFF" && !enrollment.removedAt) return;
  throw new AppError(ErrorCode.Forbidden, "not the host", {
    userMessage: "Only the host or course staff can run this quiz.",
  });
}
