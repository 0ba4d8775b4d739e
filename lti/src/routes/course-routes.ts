import {
  ANSWER_POLICY_CHOICE_MESSAGE,
  AppError,
  answerPolicySchema,
  approveQuiz,
  discardQuiz,
  ErrorCode,
  quizForEditing,
  quizReviewReply,
  setAnswerPolicy,
  startSpaceBinding,
} from "@studyhall/core";
import type { Express, Request } from "express";
import type { LtiContext } from "../lti-context.ts";
import { pageUrl } from "../pages/page-context.ts";
import { discardQuizPage } from "../pages/quiz-discard-page.ts";
import { quizReviewPage } from "../pages/quiz-review-page.ts";
import { decodeAction } from "../render/action-codec.ts";
import type { LtiSession } from "../security/check-session.ts";
import { installCourseUpkeepRoutes } from "./course-upkeep-routes.ts";
import { installDeepLinkRoutes } from "./deep-link-routes.ts";
import { installFlaggedRoutes } from "./flagged-routes.ts";
import { installMaterialRoutes } from "./material-routes.ts";
import { guard, page, pageContext, sessionActor, sessionCourse, sessionOf } from "./page-session.ts";
import { installQuizTransferRoutes } from "./quiz-transfer-routes.ts";
import { installReportRoutes } from "./report-routes.ts";
import { sendPage } from "./respond.ts";
import { uuidParam } from "./route-params.ts";
import { installSettingsRoutes } from "./settings-routes.ts";
import { doneNotice, showCoursePage } from "./show-course-page.ts";
import { installStaffQuizRoutes } from "./staff-quiz-routes.ts";

/** The staff pages: the course page, quiz review, and the posts they make (all CSRF-checked). */
export function installCourseRoutes(app: Express, ctx: LtiContext): void {
  const staff = guard(ctx, { staff: true });
  const staffPost = guard(ctx, { staff: true, csrf: true });

  app.get(
    "/course",
    staff,
    page(ctx, async (req, res) => {
      const notice = await doneNotice(ctx, res, req.query);
      await showCoursePage(ctx, res, notice ? { notice } : {});
    }),
  );

  app.get(
    "/course/quizzes/:quizId",
    staff,
    page(ctx, async (req, res) => {
      const session = sessionOf(res);
      const course = await sessionCourse(ctx, session);
      const review = await quizReviewReply(ctx.db, {
        actor: sessionActor(session),
        courseId: course.id,
        quizId: quizIdOf(req),
      });
      const draft = review.blocks.some((b) => b.type === "buttons");
      sendPage(res, quizReviewPage(course.name, review, pageContext(ctx, res), draft));
    }),
  );

  // Discarding asks first: a draft is deleted for good.
  app.get(
    "/course/quizzes/:quizId/discard",
    staff,
    page(ctx, async (req, res) => {
      const session = sessionOf(res);
      const quiz = await quizForEditing(ctx.db, {
        actor: sessionActor(session),
        courseId: session.courseId!,
        quizId: quizIdOf(req),
      });
      const summary = {
        id: quiz.id,
        title: quiz.title,
        status: quiz.status,
        questions: quiz.questions.length,
      };
      sendPage(res, discardQuizPage(summary, pageContext(ctx, res)));
    }),
  );

  for (const [verb, done] of [
    ["approve", "approved"],
    ["discard", "discarded"],
  ] as const) {
    app.post(
      `/course/quizzes/:quizId/${verb}`,
      staffPost,
      page(ctx, async (req, res) => {
        await changeQuiz(ctx, sessionOf(res), verb, quizIdOf(req));
        res.redirect(303, pageUrl(pageContext(ctx, res), "/course", { done }));
      }),
    );
  }

  // Buttons of rendered replies (the quiz review page) post their action id here.
  app.post(
    "/course/action",
    staffPost,
    page(ctx, async (req, res) => {
      const action = decodeAction(String((req.body as Record<string, unknown>).action ?? ""));
      if (action?.kind !== "quiz.approve" && action?.kind !== "quiz.discard") {
        throw new AppError(ErrorCode.InvalidInput, "unsupported action", {
          userMessage: "That button does not work on this page.",
        });
      }
      if (action.kind === "quiz.discard") {
        // The review reply's Discard button asks first too, on the same page as the course page's; a
        // quiz that is not this course's answers 404 here, not after a redirect.
        const session = sessionOf(res);
        await quizForEditing(ctx.db, {
          actor: sessionActor(session),
          courseId: session.courseId!,
          quizId: action.quizId,
        });
        res.redirect(303, pageUrl(pageContext(ctx, res), `/course/quizzes/${action.quizId}/discard`));
        return;
      }
      await changeQuiz(ctx, sessionOf(res), "approve", action.quizId);
      res.redirect(303, pageUrl(pageContext(ctx, res), "/course", { done: "approved" }));
    }),
  );

  app.post(
    "/course/policy",
    staffPost,
    page(ctx, async (req, res) => {
      const chosen = answerPolicySchema.safeParse((req.body as Record<string, unknown>).policy);
      if (!chosen.success) {
        return showCoursePage(
          ctx,
          res,
          { notice: { tone: "error", text: ANSWER_POLICY_CHOICE_MESSAGE } },
          400,
        );
      }
      const session = sessionOf(res);
      await setAnswerPolicy(ctx.db, {
        actor: sessionActor(session),
        courseId: session.courseId!,
        policy: chosen.data,
      });
      res.redirect(303, pageUrl(pageContext(ctx, res), "/course", { done: "policy" }));
    }),
  );

  app.post(
    "/course/space-code",
    staffPost,
    page(ctx, async (_req, res) => {
      const session = sessionOf(res);
      const spaceCode = await startSpaceBinding(ctx.db, {
        actor: sessionActor(session),
        courseId: session.courseId!,
      });
      await showCoursePage(ctx, res, { spaceCode });
    }),
  );

  installMaterialRoutes(app, ctx);
  installCourseUpkeepRoutes(app, ctx);
  installSettingsRoutes(app, ctx);
  installStaffQuizRoutes(app, ctx);
  installQuizTransferRoutes(app, ctx);
  installReportRoutes(app, ctx);
  installFlaggedRoutes(app, ctx);
  installDeepLinkRoutes(app, ctx);
}

async function changeQuiz(ctx: LtiContext, session: LtiSession, verb: "approve" | "discard", quizId: string) {
  const input = { actor: sessionActor(session), courseId: session.courseId!, quizId };
  if (verb === "approve") await approveQuiz(ctx.db, input);
  else await discardQuiz(ctx.db, input);
}

/** The quiz of a `/course/quizzes/:quizId/...` route. */
export function quizIdOf(req: Request): string {
  return uuidParam(req, "quizId", "That quiz is not in this course.");
}
