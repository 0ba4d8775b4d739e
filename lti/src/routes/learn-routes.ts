import {
  LMS_THREAD_KEY,
  listCourseMaterials,
  listMyAttempts,
  listMyTutorQuestions,
  listQuizzes,
  myRemainingBudget,
  startIdentityLink,
} from "@studyhall/core";
import type { Express, Response } from "express";
import type { LtiContext } from "../lti-context.ts";
import { ASK_SCRIPT } from "../pages/ask-script.ts";
import { type StudentPageData, studentPage } from "../pages/student-page.ts";
import { installLearnQuizRoutes } from "./learn-quiz-routes.ts";
import { guard, page, pageContext, sessionActor, sessionCourse, sessionOf } from "./page-session.ts";
import { sendPage } from "./respond.ts";

/** The student page (any session may see it), the link code it hands out, quizzes and materials. */
export function installLearnRoutes(app: Express, ctx: LtiContext): void {
  app.get(
    "/learn",
    page(ctx, async (_req, res) => showStudentPage(ctx, res, {})),
  );
  app.post(
    "/learn/link-code",
    guard(ctx, { csrf: true }),
    page(ctx, async (_req, res) => {
      const linkCode = await startIdentityLink(ctx.db, { actor: sessionActor(sessionOf(res)) });
      await showStudentPage(ctx, res, { linkCode });
    }),
  );
  installLearnQuizRoutes(app, ctx);
}

async function showStudentPage(
  ctx: LtiContext,
  res: Response,
  extra: Pick<StudentPageData, "notice" | "linkCode">,
): Promise<void> {
  const session = sessionOf(res);
  const course = await sessionCourse(ctx, session);
  const actor = sessionActor(session);
  const { tutor } = ctx.deps;
  const [materials, quizzes, attempts, allowance, myQuestions] = await Promise.all([
    listCourseMaterials(ctx.db, { actor, courseId: course.id }),
    listQuizzes(ctx.db, { actor, courseId: course.id, status: "APPROVED" }),
    listMyAttempts(ctx.db, { actor, courseId: course.id }),
    myRemainingBudget(ctx.db, {
      actor,
      courseId: course.id,
      defaults: tutor.limits,
      ...(tutor.now ? { now: tutor.now() } : {}),
    }),
    listMyTutorQuestions(ctx.db, { actor, courseId: course.id, threadKey: LMS_THREAD_KEY }),
  ]);
  const data: StudentPageData = {
    course,
    materials,
    quizzes: quizzes.map((q) => {
      const accuracy = attempts.get(q.id);
      return {
        id: q.id,
        title: q.title,
        questions: q.questions,
        ...(accuracy === undefined ? {} : { accuracy }),
      };
    }),
    staff: session.role === "STAFF",
    allowance,
    myQuestions,
    ...extra,
  };
  sendPage(res, studentPage(data, pageContext(ctx, res)), { script: ASK_SCRIPT });
}
