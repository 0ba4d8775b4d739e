import { type Actor, type Course, findCourseById, requireStaff, resolveUser } from "@studyhall/core";
import type { NextFunction, Request, Response } from "express";
import { cleverActor, isCleverSession } from "../clever/clever-session.ts";
import { launchActor } from "../launch/map-launch-course.ts";
import type { LtiContext } from "../lti-context.ts";
import type { PageContext } from "../pages/page-context.ts";
import type { LtiSession } from "../security/check-session.ts";
import { LtiRejection } from "../security/lti-rejection.ts";
import { sendError } from "./respond.ts";

/** The session the guards attached (every page route runs after them). */
export function sessionOf(res: Response): LtiSession {
  const session = res.locals.session as LtiSession | undefined;
  if (!session) throw new LtiRejection("session_missing");
  return session;
}

/**
 * The person of the session, as core's platform-neutral actor: an LMS user (LTI, tenant the issuer) or a
 * Clever user (CLEVER, tenant the district id), the identity an NRPS or Clever roster sync made.
 */
export function sessionActor(session: LtiSession): Actor {
  if (isCleverSession(session)) {
    return cleverActor({
      districtId: session.issuer,
      userId: session.subject,
      ...(session.displayName ? { displayName: session.displayName } : {}),
    });
  }
  return launchActor({
    issuer: session.issuer,
    subject: session.subject,
    ...(session.displayName ? { displayName: session.displayName } : {}),
  });
}

export function pageContext(ctx: LtiContext, res: Response): PageContext {
  const session = sessionOf(res);
  return {
    toolUrl: ctx.toolUrl,
    ltik: res.locals.ltik as string,
    csrf: ctx.csrf.tokenFor(session.id),
    ...(isCleverSession(session) ? { signedInWithClever: true } : {}),
  };
}

/** The session's course (a session is only opened with one; an archived course is still read). */
export async function sessionCourse(ctx: LtiContext, session: LtiSession): Promise<Course> {
  const course = session.courseId ? await findCourseById(ctx.db, session.courseId) : null;
  if (!course) throw new LtiRejection("session_invalid");
  return course;
}

/**
 * Route guards: `staff` refuses a page to a student launch (the launch's LMS roles decide, not an
 * enrolment made elsewhere), and to a staff session whose person is no longer course staff (a later
 * launch or the NRPS roster lowered the role while this session was open); `csrf` refuses a post whose
 * token is not this session's; `lti` refuses a Clever sign-in a page that only an LMS launch can use
 * (Deep Linking, the LMS roster sync), and `clever` the reverse.
 */
export function guard(
  ctx: LtiContext,
  needs: { staff?: boolean; csrf?: boolean; lti?: boolean; clever?: boolean },
) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const session = sessionOf(res);
      if (needs.lti && isCleverSession(session)) throw new LtiRejection("lti_only");
      if (needs.clever && !isCleverSession(session)) throw new LtiRejection("clever_only");
      if (needs.staff && session.role !== "STAFF") throw new LtiRejection("not_staff_launch");
      if (needs.staff) await requireSessionStaff(ctx, session);
      if (
        needs.csrf &&
        !ctx.csrf.verify(session.id, (req.body as Record<string, unknown> | undefined)?.csrf)
      ) {
        throw new LtiRejection("csrf_invalid");
      }
      next();
    } catch (error) {
      sendError(ctx, res, error, req.path);
    }
  };
}

/** Wraps an async page handler so every failure becomes a page. */
export function page(ctx: LtiContext, handler: (req: Request, res: Response) => Promise<void>) {
  return (req: Request, res: Response) => {
    handler(req, res).catch((error: unknown) => sendError(ctx, res, error, req.path));
  };
}

/** The session's person must still be staff of its course: its enrolment, as core keeps it, says so. */
async function requireSessionStaff(ctx: LtiContext, session: LtiSession): Promise<void> {
  if (!session.courseId) throw new LtiRejection("session_invalid");
  const { userId } = await resolveUser(ctx.db, sessionActor(session));
  await requireStaff(ctx.db, session.courseId, userId);
}
