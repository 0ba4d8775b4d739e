import {
  AppError,
  answerPracticeForm,
  ErrorCode,
  listPracticeQuizzes,
  parseNumericAnswer,
  practiceForm,
  practiceHistoryData,
  runStudyCommand,
} from "@studyhall/core";
import type { Express, Request } from "express";
import { z } from "zod";
import type { LtiContext } from "../lti-context.ts";
import {
  PRACTICE_CLOCK_CHOICES,
  practiceAnswerPage,
  practicePage,
  practiceQuizHistoryPage,
} from "../pages/study-practice-page.ts";
import { runOfReply, studyReplyPage } from "../pages/study-reply-page.ts";
import { guard, page, pageContext } from "./page-session.ts";
import { sendPage } from "./respond.ts";
import { uuidParam } from "./route-params.ts";
import { studyHead, studyPlace } from "./study-routes.ts";

const startForm = z.object({
  quizId: z.uuid(),
  clock: z
    .enum(["", ...PRACTICE_CLOCK_CHOICES.map(String)] as [string, ...string[]])
    .default("")
    .transform((v) => (v ? Number(v) : undefined)),
});

const answerForm = z.object({
  kind: z.enum(["MULTIPLE_SELECT", "SHORT_TEXT", "NUMERIC"]),
  choice: z.union([z.string().max(4), z.array(z.string().max(4)).max(20)]).optional(),
  text: z.string().max(300).optional(),
});

/**
 * Practice on the page: the quizzes with best and last, one question at a time (single choice by its
 * buttons, the other kinds by a form here), instant feedback, Retry missed, and the history per quiz and
 * per topic. Runs are core's practice runs, which never reach the gradebook.
 */
export function installStudyPracticeRoutes(app: Express, ctx: LtiContext): void {
  const post = guard(ctx, { csrf: true });

  app.get(
    "/study/practice",
    page(ctx, async (_req, res) => {
      const place = studyPlace(res);
      const [quizzes, history] = await Promise.all([
        listPracticeQuizzes(ctx.db, place),
        practiceHistoryData(ctx.db, place),
      ]);
      const head = await studyHead(ctx, res, "Practice", "practice");
      sendPage(res, practicePage({ ...head, quizzes, history }, pageContext(ctx, res)));
    }),
  );

  app.get(
    "/study/practice/history/:quizId",
    page(ctx, async (req, res) => {
      const place = studyPlace(res);
      const quizId = uuidParam(req, "quizId", "That quiz is not available to practise in this course.");
      const history = await practiceHistoryData(ctx.db, { ...place, quizId });
      const quiz = (await listPracticeQuizzes(ctx.db, place)).find((q) => q.quizId === quizId);
      if (!quiz) {
        throw new AppError(ErrorCode.NotFound, "practice history of a quiz not in the list", {
          userMessage: "That quiz is not available to practise in this course.",
        });
      }
      const head = await studyHead(ctx, res, `Practice: ${quiz.title}`, "practice");
      sendPage(
        res,
        practiceQuizHistoryPage(
          {
            ...head,
            quizzes: [quiz],
            history,
            quizTitle: quiz.title,
            notice: {
              tone: "info",
              text: `Best ${score(quiz.best)}, last ${score(quiz.last)} over ${quiz.runs} ${quiz.runs === 1 ? "run" : "runs"}.`,
            },
          },
          pageContext(ctx, res),
        ),
      );
    }),
  );

  app.post(
    "/study/practice/start",
    post,
    page(ctx, async (req, res) => {
      const parsed = startForm.safeParse(req.body);
      if (!parsed.success) {
        throw new AppError(ErrorCode.InvalidInput, "practice start form invalid", {
          userMessage: "Choose a quiz and, if you like, one of the clocks offered.",
        });
      }
      const { quizId, clock } = parsed.data;
      const reply = await runStudyCommand(ctx.deps, {
        ...studyPlace(res),
        command: { name: "practice", quiz: quizId, ...(clock ? { clockSec: clock } : {}) },
      });
      const head = await studyHead(ctx, res, "Practice", "practice");
      sendPage(res, studyReplyPage({ ...head, reply, runId: runOfReply(reply) }, pageContext(ctx, res)));
    }),
  );

  app.get(
    "/study/practice/runs/:runId/:position",
    page(ctx, async (req, res) => {
      const { runId, position } = runParams(req);
      const form = await practiceForm(ctx.deps, { actor: studyPlace(res).actor, runId, position });
      const head = await studyHead(ctx, res, "Practice", "practice");
      sendPage(res, practiceAnswerPage({ ...head, form, runId, position }, pageContext(ctx, res)));
    }),
  );

  app.post(
    "/study/practice/runs/:runId/:position",
    post,
    page(ctx, async (req, res) => {
      const { runId, position } = runParams(req);
      // The form says which kind it answers, so a second submit of it (after the question was answered,
      // when the form itself is no longer offered) still reaches core, which shows the first answer's feedback.
      const { reply } = await answerPracticeForm(ctx.deps, {
        actor: studyPlace(res).actor,
        runId,
        position,
        response: readResponse(req.body),
      });
      const head = await studyHead(ctx, res, "Practice", "practice");
      sendPage(res, studyReplyPage({ ...head, reply, runId }, pageContext(ctx, res)));
    }),
  );
}

function score(value: number | null): string {
  return value === null ? "—" : `${Math.round(value * 100)}%`;
}

const positionParam = z.coerce.number().int().min(0).max(10_000);

function runParams(req: Request): { runId: string; position: number } {
  const runId = uuidParam(req, "runId", "That practice run was not found.");
  const position = positionParam.safeParse(req.params.position);
  if (!position.success) {
    throw new AppError(ErrorCode.NotFound, "bad practice position", {
      userMessage: "That practice question was not found.",
    });
  }
  return { runId, position: position.data };
}

/**
 * The posted answer in core's shape for the form's kind. A blank or unreadable answer is sent as an
 * empty one, so core decides (and says) what it makes of it; core also checks the shape against the
 * question itself.
 */
function readResponse(body: unknown): { choices?: number[]; text?: string; number?: number } {
  const parsed = answerForm.safeParse(body);
  if (!parsed.success) {
    throw new AppError(ErrorCode.InvalidInput, "practice answer form invalid", {
      userMessage: "That answer could not be read. Open the question again and answer it there.",
    });
  }
  const posted = parsed.data;
  if (posted.kind === "MULTIPLE_SELECT") {
    const choices = [posted.choice ?? []]
      .flat()
      .map(Number)
      .filter((n) => Number.isInteger(n) && n >= 0);
    return { choices: [...new Set(choices)] };
  }
  const text = posted.text?.trim() ?? "";
  if (posted.kind === "NUMERIC") {
    const number = text ? parseNumericAnswer(text) : undefined;
    return number === undefined ? { choices: [] } : { number };
  }
  return { text };
}
