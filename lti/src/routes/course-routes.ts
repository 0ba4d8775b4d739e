import {
  AppError,
  approveQuiz,
  discardQuiz,
  ErrorCode,
  listCourseMaterials,
  listQuizzes,
  quizReviewReply,
  setAnswerPolicy,
  startSpaceBinding,
} from "@studyhall/core";
import type { Express, Request, Response } from "express";
import type { LtiContext } from "../lti-context.ts";
import { type InstructorPageData, instructorPage, type LinkedSpace } from "../pages/instructor-page.ts";
import { messagePage } from "../pages/message-page.ts";
import { pageUrl } from "../pages/page-context.ts";
import type { PageNotice } from "../pages/page-parts.ts";
import { quizReviewPage } from "../pages/quiz-review-page.ts";
import { decodeAction } from "../render/action-codec.ts";
import type { LtiSession } from "../security/check-session.ts";
import { guard, page, pageContext, sessionActor, sessionCourse, sessionOf } from "./page-session.ts";
import { sendPage } from "./respond.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const POLICIES = ["FULL", "HINTS", "SOCRATIC"] as const;

/** What a redirect after a post says on the course page (`?done=`). */
const DONE: Record<string, PageNotice> = {
  policy: { tone: "success", text: "Answer policy saved." },
  approved: { tone: "success", text: "Quiz approved. It can be played live in a linked channel." },
  discarded: { tone: "success", text: "Quiz discarded." },
};

/** The staff pages: the course page, quiz review, and the posts they make (all CSRF-checked). */
export function installCourseRoutes(app: Express, ctx: LtiContext): void {
  const staff = guard(ctx, { staff: true });
  const staffPost = guard(ctx, { staff: true, csrf: true });

  app.get(
    "/course",
    staff,
    page(ctx, async (req, res) => {
      const done = typeof req.query.done === "string" ? DONE[req.query.done] : undefined;
      await showCoursePage(ctx, res, done ? { notice: done } : {});
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
      sendPage(res, quizReviewPage(course.name, review, pageContext(ctx, res)));
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
      const verb = action.kind === "quiz.approve" ? "approve" : "discard";
      await changeQuiz(ctx, sessionOf(res), verb, action.quizId);
      res.redirect(303, pageUrl(pageContext(ctx, res), "/course", { done: `${verb}d` }));
    }),
  );

  app.post(
    "/course/policy",
    staffPost,
    page(ctx, async (req, res) => {
      const policy = (req.body as Record<string, unknown>).policy;
      const chosen = POLICIES.find((p) => p === policy);
      if (!chosen) {
        return showCoursePage(
          ctx,
          res,
          { notice: { tone: "error", text: "Choose full, hints or socratic." } },
          400,
        );
      }
      const session = sessionOf(res);
      await setAnswerPolicy(ctx.db, {
        actor: sessionActor(session),
        courseId: session.courseId!,
        policy: chosen,
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

  // Deep Linking (choosing a quiz or material for an LMS link or assignment) lands here; the picker
  // comes with LTI Advantage services.
  app.get(
    "/deep-link",
    staff,
    page(ctx, async (_req, res) => {
      sendPage(
        res,
        messagePage(
          "Not available yet",
          "Choosing a StudyHall quiz or material for a link or an assignment is not available yet. Add StudyHall to your course navigation instead.",
        ),
      );
    }),
  );
}

async function showCoursePage(
  ctx: LtiContext,
  res: Response,
  extra: Pick<InstructorPageData, "notice" | "spaceCode">,
  status = 200,
): Promise<void> {
  const session = sessionOf(res);
  const course = await sessionCourse(ctx, session);
  const actor = sessionActor(session);
  const [materials, quizzes, spaces] = await Promise.all([
    listCourseMaterials(ctx.db, { actor, courseId: course.id }),
    listQuizzes(ctx.db, { actor, courseId: course.id }),
    ctx.db.courseSpace.findMany({
      where: { courseId: course.id, platform: { in: ["DISCORD", "SLACK"] } },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  const data: InstructorPageData = {
    course,
    materials,
    quizzes,
    spaces: spaces.map((s) => ({
      platform: s.platform as LinkedSpace["platform"],
      kind: s.kind,
      name: s.name,
    })),
    ...extra,
  };
  sendPage(res, instructorPage(data, pageContext(ctx, res)), { status });
}

async function changeQuiz(ctx: LtiContext, session: LtiSession, verb: "approve" | "discard", quizId: string) {
  const input = { actor: sessionActor(session), courseId: session.courseId!, quizId };
  if (verb === "approve") await approveQuiz(ctx.db, input);
  else await discardQuiz(ctx.db, input);
}

function quizIdOf(req: Request): string {
  const id = String(req.params.quizId ?? "");
  if (!UUID.test(id)) {
    throw new AppError(ErrorCode.NotFound, "bad quiz id", {
      userMessage: "That quiz is not in this course.",
    });
  }
  return id;
}
