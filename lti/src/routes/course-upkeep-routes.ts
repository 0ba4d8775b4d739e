import {
  archiveCourse,
  deleteCourse,
  isAppError,
  listCourseMaterials,
  listQuizzes,
  renameCourse,
} from "@studyhall/core";
import type { Express, Response } from "express";
import type { LtiContext } from "../lti-context.ts";
import { deleteCoursePage } from "../pages/course-delete-page.ts";
import { messagePage } from "../pages/message-page.ts";
import { pageUrl } from "../pages/page-context.ts";
import { ltiPrivacyEraser } from "../privacy/lti-privacy-eraser.ts";
import { guard, page, pageContext, sessionActor, sessionCourse, sessionOf } from "./page-session.ts";
import { sendPage } from "./respond.ts";

/** The "Course" section's posts: rename, archive, reopen, and delete behind a typed-name confirmation. */
export function installCourseUpkeepRoutes(app: Express, ctx: LtiContext): void {
  const staff = guard(ctx, { staff: true });
  const staffPost = guard(ctx, { staff: true, csrf: true });

  app.post(
    "/course/rename",
    staffPost,
    page(ctx, async (req, res) => {
      const session = sessionOf(res);
      await renameCourse(ctx.db, {
        actor: sessionActor(session),
        courseId: session.courseId!,
        name: String((req.body as Record<string, unknown>).name ?? ""),
      });
      res.redirect(303, pageUrl(pageContext(ctx, res), "/course", { done: "renamed" }));
    }),
  );

  for (const [path, archived] of [
    ["/course/archive", true],
    ["/course/unarchive", false],
  ] as const) {
    app.post(
      path,
      staffPost,
      page(ctx, async (_req, res) => {
        const session = sessionOf(res);
        await archiveCourse(ctx.db, { actor: sessionActor(session), courseId: session.courseId!, archived });
        const done = archived ? "archived" : "unarchived";
        res.redirect(303, pageUrl(pageContext(ctx, res), "/course", { done }));
      }),
    );
  }

  app.get(
    "/course/delete",
    staff,
    page(ctx, async (_req, res) => showDeletePage(ctx, res)),
  );

  app.post(
    "/course/delete",
    staffPost,
    page(ctx, async (req, res) => {
      const session = sessionOf(res);
      const course = await sessionCourse(ctx, session);
      try {
        await deleteCourse(
          {
            requester: { kind: "staff", actor: sessionActor(session), courseId: course.id },
            course: course.id,
            confirmName: String((req.body as Record<string, unknown>).confirmName ?? "").slice(0, 400),
          },
          // The tool's own rows always go with the course, whatever the app passed in.
          { db: ctx.db, logger: ctx.log, erasers: [...new Set([ltiPrivacyEraser, ...ctx.deps.erasers])] },
        );
      } catch (error) {
        if (!isAppError(error, "invalid_input")) throw error;
        return showDeletePage(ctx, res, error.userMessage, 400);
      }
      sendPage(
        res,
        messagePage(
          "Course deleted",
          `“${course.name}” and everything in it were deleted. Launching StudyHall from this LMS course again as its teacher starts a new, empty course.`,
        ),
      );
    }),
  );
}

async function showDeletePage(ctx: LtiContext, res: Response, refusal?: string, status = 200): Promise<void> {
  const session = sessionOf(res);
  const course = await sessionCourse(ctx, session);
  const actor = sessionActor(session);
  const [materials, quizzes] = await Promise.all([
    listCourseMaterials(ctx.db, { actor, courseId: course.id }),
    listQuizzes(ctx.db, { actor, courseId: course.id }),
  ]);
  const summary = { name: course.name, materials: materials.length, quizzes: quizzes.length };
  sendPage(res, deleteCoursePage(summary, pageContext(ctx, res), refusal), { status });
}
