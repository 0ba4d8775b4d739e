import {
  describeQuizShortfall,
  generateQuiz,
  isAppError,
  QUIZ_SHORTFALL_REASONS,
  quizForEditing,
  quizResultsSummary,
  renameQuiz,
  updateQuestion,
} from "@studyhall/core";
import type { Express, Request, Response } from "express";
import { z } from "zod";
import { gradeDeliveryStatus } from "../grades/grade-delivery-status.ts";
import { scheduleColumnRetitle } from "../grades/retitle-columns.ts";
import type { LtiContext } from "../lti-context.ts";
import { pageUrl } from "../pages/page-context.ts";
import { countOf, type PageNotice } from "../pages/page-parts.ts";
import { type QuizEditData, quizEditPage } from "../pages/quiz-edit-page.ts";
import { quizResultsPage } from "../pages/quiz-results-page.ts";
import { quizIdOf } from "./course-routes.ts";
import { httpStatusOf } from "./error-status.ts";
import { guard, page, pageContext, sessionActor, sessionCourse, sessionOf } from "./page-session.ts";
import { formProblems, postedQuestionId, questionKindOf, readQuestionForm } from "./question-form.ts";
import { installQuizAuthoringRoutes } from "./quiz-authoring-routes.ts";
import { sendPage } from "./respond.ts";
import { showCoursePage } from "./show-course-page.ts";

const generateForm = z.object({
  topic: z.string().trim().max(200, "Topics are at most 200 characters.").optional(),
  count: z.coerce
    .number({ error: "Give the number of questions." })
    .int("Give a whole number of questions.")
    .min(1, "Ask for at least 1 question.")
    .max(20, "Ask for at most 20 questions."),
  /** Ticked materials: one arrives as a string, several as an array; none means all of them. */
  material: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : [v].flat()))
    .pipe(z.array(z.uuid("Choose materials from the list.")).max(50, "Choose at most 50 materials.")),
});

/** Staff's quiz work: generate a draft from the materials, edit its questions, and see results. */
export function installStaffQuizRoutes(app: Express, ctx: LtiContext): void {
  const staff = guard(ctx, { staff: true });
  const staffPost = guard(ctx, { staff: true, csrf: true });
  installQuizAuthoringRoutes(app, ctx);

  app.post(
    "/course/quizzes/generate",
    staffPost,
    page(ctx, async (req, res) => {
      const form = generateForm.safeParse(req.body);
      if (!form.success) {
        const text = form.error.issues[0]?.message ?? "Check the form.";
        return showCoursePage(ctx, res, { notice: { tone: "error", text } }, 400);
      }
      const session = sessionOf(res);
      try {
        const generated = await generateQuiz(
          {
            actor: sessionActor(session),
            courseId: session.courseId!,
            count: form.data.count,
            ...(form.data.topic ? { topic: form.data.topic } : {}),
            ...(form.data.material.length ? { materialIds: form.data.material } : {}),
          },
          ctx.deps.quiz.generation,
        );
        ctx.log.info(
          { courseId: session.courseId, quizId: generated.quizId, questions: generated.questions },
          "quiz generated",
        );
        res.redirect(
          303,
          pageUrl(pageContext(ctx, res), `/course/quizzes/${generated.quizId}/edit`, {
            generated: String(generated.questions),
            ...(generated.shortfall
              ? { asked: String(generated.shortfall.requested), short: generated.shortfall.reason }
              : {}),
          }),
        );
      } catch (error) {
        // What went wrong is the teacher's to fix (no materials yet, nothing on that topic, the AI
        // provider down): say it on the course page, where the form is.
        if (!isAppError(error) || error.code === "internal") throw error;
        ctx.log.info({ code: error.code }, "quiz generation refused");
        await showCoursePage(
          ctx,
          res,
          { notice: { tone: "error", text: `No quiz was generated: ${error.userMessage}` } },
          httpStatusOf(error),
        );
      }
    }),
  );

  app.get(
    "/course/quizzes/:quizId/edit",
    staff,
    page(ctx, async (req, res) => {
      const generated = z.coerce.number().int().min(0).max(50).safeParse(req.query.generated);
      const notice: PageNotice | undefined = generated.success
        ? generatedNotice(generated.data, req.query)
        : req.query.saved === "1"
          ? { tone: "success", text: "Question saved." }
          : req.query.renamed === "1"
            ? { tone: "success", text: RENAMED }
            : authoringNotice(req.query);
      const adding = questionKindOf(req.query.add);
      await showEditPage(ctx, req, res, { ...(notice ? { notice } : {}), ...(adding ? { adding } : {}) });
    }),
  );

  app.post(
    "/course/quizzes/:quizId/title",
    staffPost,
    page(ctx, async (req, res) => {
      const session = sessionOf(res);
      const title = (req.body as Record<string, unknown>).title;
      try {
        const renamed = await renameQuiz(ctx.db, {
          actor: sessionActor(session),
          courseId: session.courseId!,
          quizId: quizIdOf(req),
          title: typeof title === "string" ? title : "",
        });
        if (renamed.changed) {
          await scheduleColumnRetitle(ctx.db, quizIdOf(req), renamed.title);
          ctx.log.info({ courseId: session.courseId, quizId: quizIdOf(req) }, "quiz renamed");
        }
        res.redirect(
          303,
          pageUrl(pageContext(ctx, res), `/course/quizzes/${quizIdOf(req)}/edit`, { renamed: "1" }),
        );
      } catch (error) {
        if (!isAppError(error, "invalid_input")) throw error;
        await showEditPage(ctx, req, res, { renameError: error.userMessage }, httpStatusOf(error));
      }
    }),
  );

  app.post(
    "/course/quizzes/:quizId/questions/:position",
    staffPost,
    page(ctx, async (req, res) => {
      const position = z.coerce.number().int().min(0).max(199).safeParse(req.params.position);
      const read = readQuestionForm(req.body);
      const session = sessionOf(res);
      if (position.success && "question" in read) {
        try {
          await updateQuestion(ctx.db, {
            actor: sessionActor(session),
            courseId: session.courseId!,
            quizId: quizIdOf(req),
            position: position.data,
            question: read.question,
            ...postedQuestionId(req.body),
          });
          const url = pageUrl(pageContext(ctx, res), `/course/quizzes/${quizIdOf(req)}/edit`, { saved: "1" });
          res.redirect(303, `${url}#q${position.data}-h`);
          return;
        } catch (error) {
          if (!isAppError(error, "invalid_input", "conflict")) throw error;
          return showEditPage(
            ctx,
            req,
            res,
            { failed: { position: position.data, message: error.userMessage, typed: read.typed } },
            httpStatusOf(error),
          );
        }
      }
      const failed = "error" in read ? formProblems(read) : { message: "That question is not in this quiz." };
      await showEditPage(
        ctx,
        req,
        res,
        { failed: { position: position.success ? position.data : -1, ...failed } },
        400,
      );
    }),
  );

  app.get(
    "/course/quizzes/:quizId/results",
    staff,
    page(ctx, async (req, res) => {
      const session = sessionOf(res);
      const course = await sessionCourse(ctx, session);
      const quizId = quizIdOf(req);
      const [summary, deliveries] = await Promise.all([
        quizResultsSummary(ctx.db, { actor: sessionActor(session), courseId: course.id, quizId }),
        gradeDeliveryStatus(ctx.db, course.id),
      ]);
      const gradebook = deliveries.find((d) => d.quizId === quizId) ?? null;
      sendPage(res, quizResultsPage(course.name, summary, gradebook, pageContext(ctx, res)));
    }),
  );
}

const authoringQuery = z.object({
  written: z.literal("1").optional(),
  added: z.coerce.number().int().min(1).max(200).optional(),
  deleted: z.coerce.number().int().min(1).max(200).optional(),
  moved: z.coerce.number().int().min(1).max(200).optional(),
});

/** What the edit page says after writing a quiz or adding, deleting or moving a question. */
function authoringNotice(query: unknown): PageNotice | undefined {
  const q = authoringQuery.safeParse(query);
  if (!q.success) return undefined;
  if (q.data.written)
    return {
      tone: "success",
      text: "Quiz made. Add its questions, then approve it to put it on students' page.",
    };
  if (q.data.added) return { tone: "success", text: `Question ${q.data.added} added.` };
  if (q.data.deleted) return { tone: "success", text: `Question ${q.data.deleted} deleted.` };
  if (q.data.moved) return { tone: "success", text: `Question moved to place ${q.data.moved}.` };
  return undefined;
}

/** After a rename: what changes where (the column's new title follows in a moment, by a job). */
const RENAMED =
  "Quiz renamed. Students see the new title, and a gradebook column StudyHall made for this quiz takes it too. A column of an assignment you added from the LMS keeps the name you gave it there.";

const shortfallQuery = z.object({
  asked: z.coerce.number().int().min(1).max(20),
  short: z.enum(QUIZ_SHORTFALL_REASONS),
});

/** What the edit page says after generation: how many questions came, and why fewer, if fewer did. */
function generatedNotice(questions: number, query: unknown): PageNotice {
  const done = `Draft generated with ${countOf(questions, "question")}.`;
  const short = shortfallQuery.safeParse(query);
  if (!short.success || questions >= short.data.asked)
    return { tone: "success", text: `${done} Check each one, then approve it.` };
  const why = describeQuizShortfall({
    reason: short.data.short,
    requested: short.data.asked,
    kept: questions,
  });
  return { tone: "warning", text: `${done} ${why} Check each one, then approve it.` };
}

/** The quiz's edit page, with a notice, a refused form's problems or the add form open. */
export async function showEditPage(
  ctx: LtiContext,
  req: Request,
  res: Response,
  extra: Pick<QuizEditData, "notice" | "failed" | "renameError" | "adding">,
  status = 200,
): Promise<void> {
  const session = sessionOf(res);
  const course = await sessionCourse(ctx, session);
  const quiz = await quizForEditing(ctx.db, {
    actor: sessionActor(session),
    courseId: course.id,
    quizId: quizIdOf(req),
  });
  const data: QuizEditData = {
    courseName: course.name,
    quiz: { id: quiz.id, title: quiz.title, status: quiz.status },
    questions: quiz.questions,
    ...extra,
  };
  sendPage(res, quizEditPage(data, pageContext(ctx, res)), { status });
}
