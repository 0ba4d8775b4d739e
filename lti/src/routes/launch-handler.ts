import type { NextFunction, Request, Response } from "express";
import { CLEVER_HOME } from "../clever/clever-session.ts";
import { resourceLanding } from "../deep-linking/resource-landing.ts";
import { mapLaunchCourse } from "../launch/map-launch-course.ts";
import { openSession } from "../launch/open-session.ts";
import { recordCourseLink } from "../launch/record-course-link.ts";
import type { LtiContext } from "../lti-context.ts";
import { messagePage } from "../pages/message-page.ts";
import { syncRosterOnLaunch } from "../roster/sync-on-launch.ts";
import type { LtiSession } from "../security/check-session.ts";
import type { VerifiedLaunch } from "../security/verify-launch.ts";
import { sendError, sendPage } from "./respond.ts";

/**
 * Where a session lands: staff on the course page, students on theirs, Deep Linking on its picker, a
 * Clever sign-in without a class on the list of its classes.
 */
export function landingPath(session: Pick<LtiSession, "role" | "messageType">): string {
  if (session.messageType === "LtiDeepLinkingRequest") return "/deep-link";
  if (session.messageType === CLEVER_HOME) return "/clever/home";
  return session.role === "STAFF" ? "/course" : "/learn";
}

/**
 * ltijs's onConnect / onDeepLinking: for a launch we verified, map it to a course and a person, open the
 * session and redirect (303, so a reload does not post the launch again) to the landing page with the
 * ltik ltijs made; for a request to "/" with a session, go to that session's landing page.
 */
export function launchHandler(ctx: LtiContext) {
  return async (_token: unknown, req: Request, res: Response, _next: NextFunction) => {
    try {
      const launch = res.locals.verifiedLaunch as VerifiedLaunch | undefined;
      const ltik = res.locals.ltik as string;
      if (!launch) {
        const session = res.locals.session as LtiSession;
        return res.redirect(303, landingUrl(ctx, landingPath(session), ltik));
      }
      const mapped = await mapLaunchCourse(ctx.db, launch.claims);
      if (mapped.kind === "no-context") {
        return sendPage(
          res,
          messagePage(
            "Open StudyHall from a course",
            "StudyHall works inside a course. Open it from your course's navigation.",
          ),
        );
      }
      if (mapped.kind === "not-set-up") {
        return sendPage(
          res,
          messagePage(
            "StudyHall is not set up yet",
            "Your teacher has not set up StudyHall for this course yet. Try again after your teacher has opened it once.",
          ),
        );
      }
      const link = await recordCourseLink(
        ctx.db,
        { platformId: launch.platform.id, claims: launch.claims },
        mapped.course.id,
      );
      await syncRosterOnLaunch(ctx, link, mapped.role);
      await openSession(
        ctx.db,
        launch,
        { courseId: mapped.course.id, role: mapped.role },
        { now: ctx.now(), ttlMs: ctx.sessionTtlMs },
      );
      ctx.log.info(
        {
          issuer: launch.platform.issuer,
          courseId: mapped.course.id,
          role: mapped.role,
          roleBasis: mapped.roleBasis,
          created: mapped.created,
          messageType: launch.claims.messageType,
        },
        "LTI launch accepted",
      );
      // A link made by Deep Linking opens its quiz or material; any other launch the role's page.
      const resource = await resourceLanding(ctx.db, {
        claims: launch.claims,
        courseId: mapped.course.id,
        role: mapped.role,
        link,
      });
      const path = resource ?? landingPath({ role: mapped.role, messageType: launch.claims.messageType });
      return res.redirect(303, landingUrl(ctx, path, ltik));
    } catch (error) {
      sendError(ctx, res, error, req.path);
    }
  };
}

/** A page of the tool with the session's ltik. */
export function landingUrl(ctx: Pick<LtiContext, "toolUrl">, path: string, ltik: string): string {
  const url = new URL(`${ctx.toolUrl}${path}`);
  url.searchParams.set("ltik", ltik);
  return url.href;
}
