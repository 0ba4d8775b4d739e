import { courseUsageSummary, listCourseQuestions } from "@studyhall/core";
import type { Express } from "express";
import type { LtiContext } from "../lti-context.ts";
import { questionsPage } from "../pages/questions-page.ts";
import { usagePage } from "../pages/usage-page.ts";
import { guard, page, pageContext, sessionActor, sessionCourse, sessionOf } from "./page-session.ts";
import { sendPage } from "./respond.ts";

/** Staff reports: the questions students asked the tutor, and the tutor's usage. */
export function installReportRoutes(app: Express, ctx: LtiContext): void {
  const staff = guard(ctx, { staff: true });

  app.get(
    "/course/questions",
    staff,
    page(ctx, async (_req, res) => {
      const session = sessionOf(res);
      const course = await sessionCourse(ctx, session);
      const questions = await listCourseQuestions(ctx.db, {
        actor: sessionActor(session),
        courseId: course.id,
      });
      sendPage(res, questionsPage(course.name, questions, pageContext(ctx, res)));
    }),
  );

  app.get(
    "/course/usage",
    staff,
    page(ctx, async (_req, res) => {
      const session = sessionOf(res);
      const course = await sessionCourse(ctx, session);
      const usage = await courseUsageSummary(
        ctx.db,
        { actor: sessionActor(session), courseId: course.id },
        ctx.deps.tutor.limits,
        new Date(ctx.now()),
      );
      sendPage(res, usagePage(course.name, usage, pageContext(ctx, res)));
    }),
  );
}
