import {
  AppError,
  ErrorCode,
  exportQuizCsv,
  importQuiz,
  isAppError,
  QUIZ_FILE_LIMITS,
} from "@studyhall/core";
import type { Express, Request, Response } from "express";
import type { LtiContext } from "../lti-context.ts";
import { pageUrl } from "../pages/page-context.ts";
import { importRefusedPage } from "../pages/quiz-transfer-parts.ts";
import { LtiRejection } from "../security/lti-rejection.ts";
import { quizIdOf } from "./course-routes.ts";
import { httpStatusOf } from "./error-status.ts";
import { guard, page, pageContext, sessionActor, sessionOf } from "./page-session.ts";
import { receiveUpload } from "./receive-upload.ts";
import { sendPage } from "./respond.ts";

/** Refusals a teacher can fix (the file, its size, their role): shown on a page, not as an error. */
const IMPORT_REFUSALS = new Set<string>([
  ErrorCode.InvalidInput,
  ErrorCode.MaterialTooLarge,
  ErrorCode.Forbidden,
]);

/**
 * Quiz files on the course page, staff only: import a CSV or .xlsx file as a draft (the upload machinery
 * and its CSRF check, with the quiz file's own size limit) and export a quiz as CSV.
 */
export function installQuizTransferRoutes(app: Express, ctx: LtiContext): void {
  const staff = guard(ctx, { staff: true });

  app.post(
    "/course/quizzes/import",
    staff,
    page(ctx, async (req, res) => {
      const session = sessionOf(res);
      try {
        const { file, title } = await receiveQuizFile(ctx, req, res);
        const imported = await importQuiz(ctx.db, {
          actor: sessionActor(session),
          courseId: session.courseId!,
          data: file.data,
          fileName: file.fileName.slice(0, 255),
          ...(title ? { title } : {}),
        });
        ctx.log.info(
          { courseId: session.courseId, quizId: imported.quizId, questions: imported.questions },
          "quiz imported",
        );
        res.redirect(303, pageUrl(pageContext(ctx, res), `/course/quizzes/${imported.quizId}`));
      } catch (error) {
        if (!isAppError(error) || !IMPORT_REFUSALS.has(error.code)) throw error;
        ctx.log.info({ code: error.code, reason: error.message }, "quiz import refused");
        req.resume();
        res.set("Connection", "close");
        sendPage(res, importRefusedPage(error.userMessage, pageContext(ctx, res)), {
          status: httpStatusOf(error),
        });
      }
    }),
  );

  app.get(
    "/course/quizzes/:quizId/export",
    staff,
    page(ctx, async (req, res) => {
      const session = sessionOf(res);
      const exported = await exportQuizCsv(ctx.db, {
        actor: sessionActor(session),
        courseId: session.courseId!,
        quizId: quizIdOf(req),
      });
      // The name is ASCII letters, digits and dashes (quizFileName), so it needs no quoting rules.
      res
        .status(200)
        .set({
          "Content-Type": "text/csv; charset=utf-8",
          "Content-Disposition": `attachment; filename="${exported.fileName}"`,
          "X-Content-Type-Options": "nosniff",
          "Cache-Control": "private, no-store",
        })
        .send(exported.csv);
    }),
  );
}

/** The one file of the import form, after the form's CSRF token is checked (before the file is read). */
async function receiveQuizFile(ctx: LtiContext, req: Request, res: Response) {
  const session = sessionOf(res);
  const csrfOk = (token: unknown) => ctx.csrf.verify(session.id, token);
  const { file, fields } = await receiveUpload(req, {
    maxBytes: QUIZ_FILE_LIMITS.maxBytes,
    beforeFile: (fieldsSoFar) => {
      if (!csrfOk(fieldsSoFar.csrf)) throw new LtiRejection("csrf_invalid");
    },
  });
  if (!csrfOk(fields.csrf)) throw new LtiRejection("csrf_invalid");
  if (!file || file.data.byteLength === 0)
    throw new AppError(ErrorCode.InvalidInput, "no file in quiz import", {
      userMessage: "Choose a CSV or .xlsx file to import first.",
    });
  return { file, title: fields.title?.trim() || undefined };
}
