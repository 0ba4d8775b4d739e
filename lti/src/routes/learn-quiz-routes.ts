import {
  archivedCourseMessage,
  loadQuizAttempt,
  readCourseMaterial,
  submitQuizAttempt,
} from "@studyhall/core";
import type { Express, Request, Response } from "express";
import type { LtiContext } from "../lti-context.ts";
import { ASK_SCRIPT } from "../pages/ask-script.ts";
import { materialPage } from "../pages/material-page.ts";
import { pageUrl } from "../pages/page-context.ts";
import type { PageNotice } from "../pages/page-parts.ts";
import { quizTakePage } from "../pages/quiz-take-page.ts";
import { guard, page, pageContext, sessionActor, sessionCourse, sessionOf } from "./page-session.ts";
import { readQuizAnswers } from "./quiz-answer-form.ts";
import { sendPage } from "./respond.ts";
import { uuidParam } from "./route-params.ts";

/** Passages a material page shows at most. */
const MAX_PASSAGES = 200;

const NOTICES: Record<string, PageNotice> = {
  submitted: { tone: "success", text: "Your answers are in. Here is how you did." },
  again: {
    tone: "info",
    text: "You already submitted this quiz; this is your result from then. It counts once.",
  },
};

/** Quizzes taken in the page (once per person) and materials opened from an LMS link. */
export function installLearnQuizRoutes(app: Express, ctx: LtiContext): void {
  app.get(
    "/learn/quizzes/:quizId",
    page(ctx, async (req, res) => {
      const done = typeof req.query.done === "string" ? NOTICES[req.query.done] : undefined;
      await showQuiz(ctx, req, res, done);
    }),
  );

  app.post(
    "/learn/quizzes/:quizId",
    guard(ctx, { csrf: true }),
    page(ctx, async (req, res) => {
      const session = sessionOf(res);
      const actor = sessionActor(session);
      const quizId = quizParam(req);
      const { quiz } = await loadQuizAttempt(ctx.db, { actor, courseId: session.courseId!, quizId });
      const submitted = await submitQuizAttempt(ctx.db, {
        actor,
        courseId: session.courseId!,
        quizId,
        responses: readQuizAnswers(req.body, quiz.questions),
      });
      ctx.log.info(
        {
          courseId: session.courseId,
          quizId,
          created: submitted.created,
          gradebook: submitted.gradebookScheduled,
        },
        "quiz attempt submitted",
      );
      const url = pageUrl(pageContext(ctx, res), `/learn/quizzes/${quizId}`, {
        done: submitted.created ? "submitted" : "again",
      });
      res.redirect(303, `${url}#result-h`);
    }),
  );

  app.get(
    "/learn/materials/:materialId",
    page(ctx, async (req, res) => {
      const session = sessionOf(res);
      const course = await sessionCourse(ctx, session);
      const { material, passages, truncated, original } = await readCourseMaterial(ctx.db, {
        actor: sessionActor(session),
        courseId: course.id,
        materialId: uuidParam(req, "materialId", "That material is not in this course."),
        maxPassages: MAX_PASSAGES,
      });
      sendPage(
        res,
        materialPage(
          {
            courseName: course.name,
            material,
            passages,
            truncated,
            original,
          },
          pageContext(ctx, res),
        ),
        { script: ASK_SCRIPT },
      );
    }),
  );
}

async function showQuiz(ctx: LtiContext, req: Request, res: Response, notice?: PageNotice): Promise<void> {
  const session = sessionOf(res);
  const course = await sessionCourse(ctx, session);
  const { quiz, attempt } = await loadQuizAttempt(ctx.db, {
    actor: sessionActor(session),
    courseId: course.id,
    quizId: quizParam(req),
  });
  sendPage(
    res,
    quizTakePage(
      {
        courseName: course.name,
        quiz,
        attempt,
        staff: session.role === "STAFF",
        archived: course.archivedAt ? archivedCourseMessage(course.name) : null,
        ...(notice ? { notice } : {}),
      },
      pageContext(ctx, res),
    ),
  );
}

/** The quiz of a `/learn/quizzes/:quizId` route, refused in core's words for a quiz a student may not take. */
function quizParam(req: Request): string {
  return uuidParam(req, "quizId", "That quiz is not available in this course.");
}
