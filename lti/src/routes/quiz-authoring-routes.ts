import {
  addQuestion,
  createQuiz,
  deleteQuestion,
  isAppError,
  moveQuestion,
  quizForEditing,
} from "@studyhall/core";
import type { Express, Request, Response } from "express";
import { z } from "zod";
import type { LtiContext } from "../lti-context.ts";
import { pageUrl } from "../pages/page-context.ts";
import { deleteQuestionPage } from "../pages/quiz-edit-page.ts";
import { quizIdOf } from "./course-routes.ts";
import { httpStatusOf } from "./error-status.ts";
import { guard, page, pageContext, sessionActor, sessionOf } from "./page-session.ts";
import { formProblems, postedQuestionId, readQuestionForm } from "./question-form.ts";
import { sendPage } from "./respond.ts";
import { showCoursePage } from "./show-course-page.ts";
import { showEditPage } from "./staff-quiz-routes.ts";

const positionParam = z.coerce.number().int().min(0).max(199);

/**
 * Writing a quiz by hand on the LMS page: a new empty draft, then adding, deleting (after a confirm
 * page) and moving its questions. Plain forms with the CSRF token; every refusal is shown on the edit
 * page, where the teacher can act on it.
 */
export function installQuizAuthoringRoutes(app: Express, ctx: LtiContext): void {
  const staff = guard(ctx, { staff: true });
  const staffPost = guard(ctx, { staff: true, csrf: true });

  app.post(
    "/course/quizzes/write",
    staffPost,
    page(ctx, async (req, res) => {
      const session = sessionOf(res);
      const title = (req.body as Record<string, unknown>).title;
      try {
        const made = await createQuiz(ctx.db, {
          actor: sessionActor(session),
          courseId: session.courseId!,
          title: typeof title === "string" ? title : "",
        });
        ctx.log.info({ courseId: session.courseId, quizId: made.quizId }, "quiz written");
        res.redirect(303, editUrl(ctx, res, made.quizId, { written: "1" }, "add-h"));
      } catch (error) {
        if (!isAppError(error, "invalid_input")) throw error;
        await showCoursePage(
          ctx,
          res,
          { notice: { tone: "error", text: `No quiz was made: ${error.userMessage}` } },
          httpStatusOf(error),
        );
      }
    }),
  );

  app.post(
    "/course/quizzes/:quizId/questions",
    staffPost,
    page(ctx, async (req, res) => {
      const session = sessionOf(res);
      const read = readQuestionForm(req.body);
      if (!("question" in read))
        return showEditPage(ctx, req, res, { failed: { position: "new", ...formProblems(read) } }, 400);
      try {
        const { position } = await addQuestion(ctx.db, {
          actor: sessionActor(session),
          courseId: session.courseId!,
          quizId: quizIdOf(req),
          question: read.question,
        });
        res.redirect(
          303,
          editUrl(ctx, res, quizIdOf(req), { added: String(position + 1) }, `q${position}-h`),
        );
      } catch (error) {
        if (!isAppError(error, "invalid_input", "conflict")) throw error;
        await showEditPage(
          ctx,
          req,
          res,
          { failed: { position: "new", message: error.userMessage, typed: read.typed } },
          httpStatusOf(error),
        );
      }
    }),
  );

  app.get(
    "/course/quizzes/:quizId/questions/:position/delete",
    staff,
    page(ctx, async (req, res) => {
      const session = sessionOf(res);
      const quiz = await quizForEditing(ctx.db, {
        actor: sessionActor(session),
        courseId: session.courseId!,
        quizId: quizIdOf(req),
      });
      const position = positionParam.safeParse(req.params.position);
      const question = quiz.questions.find((q) => position.success && q.position === position.data);
      if (!question)
        return showEditPage(ctx, req, res, { notice: { tone: "error", text: NO_QUESTION } }, 404);
      sendPage(res, deleteQuestionPage(quiz, question, pageContext(ctx, res)));
    }),
  );

  app.post(
    "/course/quizzes/:quizId/questions/:position/delete",
    staffPost,
    page(ctx, async (req, res) => {
      await changeQuestion(ctx, req, res, async (input, position) => {
        await deleteQuestion(ctx.db, { ...input, position, ...postedQuestionId(req.body) });
        return { query: { deleted: String(position + 1) }, anchor: "add-h" };
      });
    }),
  );

  app.post(
    "/course/quizzes/:quizId/questions/:position/move",
    staffPost,
    page(ctx, async (req, res) => {
      const direction = z.enum(["up", "down"]).safeParse((req.body as Record<string, unknown>).direction);
      await changeQuestion(ctx, req, res, async (input, position) => {
        const moved = await moveQuestion(ctx.db, {
          ...input,
          position,
          direction: direction.data ?? "up",
          ...postedQuestionId(req.body),
        });
        return { query: { moved: String(moved.position + 1) }, anchor: `q${moved.position}-h` };
      });
    }),
  );
}

const NO_QUESTION = "That question is not in this quiz.";

/** Runs one change of a question by position; a refusal is said on the edit page, nothing changed. */
async function changeQuestion(
  ctx: LtiContext,
  req: Request,
  res: Response,
  change: (
    input: { actor: ReturnType<typeof sessionActor>; courseId: string; quizId: string },
    position: number,
  ) => Promise<{ query: Record<string, string>; anchor: string }>,
): Promise<void> {
  const session = sessionOf(res);
  const position = positionParam.safeParse(req.params.position);
  if (!position.success)
    return showEditPage(ctx, req, res, { notice: { tone: "error", text: NO_QUESTION } }, 404);
  try {
    const input = { actor: sessionActor(session), courseId: session.courseId!, quizId: quizIdOf(req) };
    const done = await change(input, position.data);
    ctx.log.info(
      { courseId: session.courseId, quizId: input.quizId, ...done.query },
      "quiz question changed",
    );
    res.redirect(303, editUrl(ctx, res, input.quizId, done.query, done.anchor));
  } catch (error) {
    // Another course's quiz stays an error page; a question gone since the page loaded is said here.
    if (!isAppError(error, "invalid_input", "conflict", "not_found")) throw error;
    if (error.code === "not_found" && error.userMessage !== NO_QUESTION) throw error;
    await showEditPage(
      ctx,
      req,
      res,
      { notice: { tone: "error", text: error.userMessage } },
      httpStatusOf(error),
    );
  }
}

function editUrl(
  ctx: LtiContext,
  res: Response,
  quizId: string,
  query: Record<string, string>,
  anchor: string,
) {
  return `${pageUrl(pageContext(ctx, res), `/course/quizzes/${quizId}/edit`, query)}#${anchor}`;
}
