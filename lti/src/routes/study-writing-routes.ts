import {
  AppError,
  createWritingPrompt,
  ErrorCode,
  isAppError,
  runStudyCommand,
  submitWritingForm,
  writingForm,
} from "@studyhall/core";
import type { Express, Request, Response } from "express";
import { z } from "zod";
import type { LtiContext } from "../lti-context.ts";
import { pageUrl } from "../pages/page-context.ts";
import type { PageNotice } from "../pages/page-parts.ts";
import { studyReplyPage } from "../pages/study-reply-page.ts";
import { writingFormPage, writingPage } from "../pages/study-writing-page.ts";
import { httpStatusOf } from "./error-status.ts";
import { guard, page, pageContext } from "./page-session.ts";
import { sendPage } from "./respond.ts";
import { uuidParam } from "./route-params.ts";
import { studyHead, studyPlace } from "./study-routes.ts";

const DONE: Record<string, PageNotice> = {
  set: { tone: "success", text: "The prompt is set. Students can write for it now." },
};

const many = (max: number) => z.union([z.string().max(max), z.array(z.string().max(max)).max(10)]).optional();
const promptForm = z.object({
  title: z.string().trim().min(1).max(120),
  prompt: z.string().trim().min(1).max(4000),
  criterionName: many(200),
  criterionDescription: many(500),
  criterionPoints: many(6),
});

const submitForm = z.object({ text: z.string().max(1_000_000).default("") });
const generateForm = z.object({ topic: z.string().trim().max(200).optional() });

/**
 * Writing on the page: the prompts, a textarea to submit (core enforces and names the length limit),
 * results with criterion scores and feedback; staff set prompts with a 3–5 criterion rubric, generate
 * a draft to approve, and see everyone's submissions.
 */
export function installStudyWritingRoutes(app: Express, ctx: LtiContext): void {
  const post = guard(ctx, { csrf: true });
  const staffPost = guard(ctx, { staff: true, csrf: true });

  app.get(
    "/study/writing",
    page(ctx, async (req, res) => {
      const prompts = await runStudyCommand(ctx.deps, { ...studyPlace(res), command: { name: "writing" } });
      const done = typeof req.query.done === "string" ? DONE[req.query.done] : undefined;
      const head = await studyHead(ctx, res, "Writing", "writing");
      sendPage(
        res,
        writingPage({ ...head, ...(done ? { notice: done } : {}), prompts }, pageContext(ctx, res)),
      );
    }),
  );

  app.get(
    "/study/writing/results",
    page(ctx, async (_req, res) => {
      const reply = await runStudyCommand(ctx.deps, {
        ...studyPlace(res),
        command: { name: "writing.results" },
      });
      const head = await studyHead(ctx, res, "Writing results", "writing");
      sendPage(res, studyReplyPage({ ...head, reply }, pageContext(ctx, res)));
    }),
  );

  app.post(
    "/study/writing",
    staffPost,
    page(ctx, async (req, res) => {
      const parsed = promptForm.safeParse(req.body);
      if (!parsed.success) {
        throw new AppError(ErrorCode.InvalidInput, "writing prompt form invalid", {
          userMessage: "Give the prompt a title (at most 120 characters) and its text (at most 4,000).",
        });
      }
      await createWritingPrompt(ctx.db, {
        ...studyPlace(res),
        title: parsed.data.title,
        prompt: parsed.data.prompt,
        criteria: criteriaOf(parsed.data),
      });
      res.redirect(303, pageUrl(pageContext(ctx, res), "/study/writing", { done: "set" }));
    }),
  );

  app.post(
    "/study/writing/generate",
    staffPost,
    page(ctx, async (req, res) => {
      const parsed = generateForm.safeParse(req.body);
      const topic = parsed.success ? parsed.data.topic : undefined;
      const reply = await runStudyCommand(ctx.deps, {
        ...studyPlace(res),
        command: { name: "writing.generate", ...(topic ? { topic } : {}) },
      });
      const head = await studyHead(ctx, res, "Writing", "writing");
      sendPage(res, studyReplyPage({ ...head, reply }, pageContext(ctx, res)));
    }),
  );

  app.get(
    "/study/writing/:promptId",
    page(ctx, async (req, res) => showForm(ctx, req, res)),
  );

  app.post(
    "/study/writing/:promptId",
    post,
    page(ctx, async (req, res) => {
      const promptId = promptParam(req);
      const parsed = submitForm.safeParse(req.body);
      const text = parsed.success ? parsed.data.text : "";
      try {
        const reply = await submitWritingForm(ctx.deps, { actor: studyPlace(res).actor, promptId, text });
        const head = await studyHead(ctx, res, "Writing feedback", "writing");
        sendPage(res, studyReplyPage({ ...head, reply }, pageContext(ctx, res)));
      } catch (error) {
        // A refusal of the text itself (too long, empty) keeps what was written, with core's reason.
        if (!isAppError(error) || error.code !== ErrorCode.InvalidInput) throw error;
        await showForm(
          ctx,
          req,
          res,
          { text, notice: { tone: "error", text: error.userMessage } },
          httpStatusOf(error),
        );
      }
    }),
  );
}

async function showForm(
  ctx: LtiContext,
  req: Request,
  res: Response,
  extra: { text?: string; notice?: PageNotice } = {},
  status = 200,
): Promise<void> {
  const form = await writingForm(ctx.deps, { actor: studyPlace(res).actor, promptId: promptParam(req) });
  const head = await studyHead(ctx, res, form.title, "writing");
  sendPage(res, writingFormPage({ ...head, ...extra, form }, pageContext(ctx, res)), { status });
}

function promptParam(req: Request): string {
  return uuidParam(req, "promptId", "That writing prompt was not found in this course.");
}

/** The filled rubric rows, in order; core checks there are 3 to 5 of them. */
function criteriaOf(
  form: z.infer<typeof promptForm>,
): Array<{ name: string; description?: string; points?: number }> {
  const list = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat());
  const names = list(form.criterionName);
  const descriptions = list(form.criterionDescription);
  const points = list(form.criterionPoints);
  return names.flatMap((raw, i) => {
    const name = raw.trim();
    if (!name) return [];
    const description = descriptions[i]?.trim();
    const value = Number(points[i]);
    return [
      {
        name,
        ...(description ? { description } : {}),
        ...(Number.isInteger(value) && value > 0 ? { points: value } : {}),
      },
    ];
  });
}
