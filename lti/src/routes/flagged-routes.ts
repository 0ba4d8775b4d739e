import { listModerationFlags, reviewModerationFlag } from "@studyhall/core";
import type { Express } from "express";
import type { LtiContext } from "../lti-context.ts";
import { flaggedPage } from "../pages/flagged-page.ts";
import { pageUrl } from "../pages/page-context.ts";
import { guard, page, pageContext, sessionActor, sessionCourse, sessionOf } from "./page-session.ts";
import { sendPage } from "./respond.ts";
import { uuidParam } from "./route-params.ts";

/** The Flagged list (staff only) and its "Mark reviewed" post (CSRF-checked). */
export function installFlaggedRoutes(app: Express, ctx: LtiContext): void {
  app.get(
    "/course/flagged",
    guard(ctx, { staff: true }),
    page(ctx, async (req, res) => {
      const session = sessionOf(res);
      const course = await sessionCourse(ctx, session);
      const flags = await listModerationFlags(ctx.db, { actor: sessionActor(session), courseId: course.id });
      const notice = req.query.done === "reviewed" ? "Marked as reviewed." : undefined;
      sendPage(res, flaggedPage(course.name, flags, pageContext(ctx, res), notice));
    }),
  );

  app.post(
    "/course/flagged/:flagId/reviewed",
    guard(ctx, { staff: true, csrf: true }),
    page(ctx, async (req, res) => {
      const session = sessionOf(res);
      const course = await sessionCourse(ctx, session);
      await reviewModerationFlag(ctx.db, {
        actor: sessionActor(session),
        courseId: course.id,
        flagId: uuidParam(req, "flagId", "That flagged item was not found in this course."),
      });
      res.redirect(303, pageUrl(pageContext(ctx, res), "/course/flagged", { done: "reviewed" }));
    }),
  );
}
