import {
  AppError,
  dueCounts,
  ErrorCode,
  handleStudyAction,
  isStudyAction,
  type StudyAction,
  type StudyPlace,
} from "@studyhall/core";
import type { Express, Request, Response } from "express";
import { z } from "zod";
import type { LtiContext } from "../lti-context.ts";
import { pageUrl } from "../pages/page-context.ts";
import { studyHomePage } from "../pages/study-home-page.ts";
import type { StudyArea, StudyPageHead } from "../pages/study-parts.ts";
import { runOfReply, studyReplyPage } from "../pages/study-reply-page.ts";
import { decodeAction } from "../render/action-codec.ts";
import { guard, page, pageContext, sessionActor, sessionCourse, sessionOf } from "./page-session.ts";
import { sendPage } from "./respond.ts";
import { installStudyCardRoutes } from "./study-card-routes.ts";
import { installStudyGuideRoutes } from "./study-guide-routes.ts";
import { installStudyPracticeRoutes } from "./study-practice-routes.ts";
import { installStudyWritingRoutes } from "./study-writing-routes.ts";

/**
 * The Study area (flashcards, practice, study guides, writing) for anyone with a session in the course,
 * LMS launch or Clever sign-in alike. Every button of a study reply posts to /study/action, which hands
 * it to core's handleStudyAction and shows the reply that comes back.
 */
export function installStudyRoutes(app: Express, ctx: LtiContext): void {
  app.get(
    "/study",
    page(ctx, async (_req, res) => {
      const head = await studyHead(ctx, res, "Study");
      const place = studyPlace(res);
      const counts = await dueCounts(ctx.db, {
        actor: place.actor,
        courseId: place.courseId,
        now: ctx.deps.clock(),
      });
      sendPage(res, studyHomePage({ ...head, counts, courseId: place.courseId }, pageContext(ctx, res)));
    }),
  );

  app.post(
    "/study/action",
    guard(ctx, { csrf: true }),
    page(ctx, async (req, res) => {
      const action = postedStudyAction(req);
      const links = pageContext(ctx, res);
      // These two open forms, which are pages of their own here.
      if (action.kind === "practice.respond") {
        res.redirect(303, pageUrl(links, `/study/practice/runs/${action.runId}/${action.position}`));
        return;
      }
      if (action.kind === "writing.open") {
        res.redirect(303, pageUrl(links, `/study/writing/${action.promptId}`));
        return;
      }
      const { reply, placement } = await handleStudyAction(ctx.deps, { ...studyPlace(res), action });
      const area = areaOf(action);
      const head = await studyHead(ctx, res, HEADINGS[area], area);
      const aside = placement === "new";
      // A side note ("Saved as a card") keeps the run of the page it came from, to carry on with it.
      const runId = aside ? postedRun(req) : runOfReply(reply);
      sendPage(res, studyReplyPage({ ...head, reply, runId, aside }, links));
    }),
  );

  installStudyCardRoutes(app, ctx);
  installStudyPracticeRoutes(app, ctx);
  installStudyGuideRoutes(app, ctx);
  installStudyWritingRoutes(app, ctx);
}

const HEADINGS: Record<StudyArea, string> = {
  cards: "Flashcards",
  practice: "Practice",
  guides: "Study guides",
  writing: "Writing",
};

/** Who asks, from where: the page's own course (the LMS page always knows it). */
export function studyPlace(res: Response): StudyPlace & { courseId: string } {
  const session = sessionOf(res);
  if (!session.courseId) throw new AppError(ErrorCode.Internal, "study page without a course");
  return { actor: sessionActor(session), space: null, courseId: session.courseId };
}

/** The header every Study page shows: the course's name, the heading, staff or not. */
export async function studyHead(
  ctx: LtiContext,
  res: Response,
  heading: string,
  area?: StudyArea,
): Promise<StudyPageHead> {
  const session = sessionOf(res);
  const course = await sessionCourse(ctx, session);
  return {
    courseName: course.name,
    heading,
    staff: session.role === "STAFF",
    ...(area ? { area } : {}),
  };
}

function postedStudyAction(req: Request): StudyAction {
  const action = decodeAction(String((req.body as Record<string, unknown> | undefined)?.action ?? ""));
  if (!action || !isStudyAction(action)) {
    throw new AppError(ErrorCode.InvalidInput, "unsupported action on the study page", {
      userMessage: "That button does not work on this page.",
    });
  }
  return action;
}

const runField = z.uuid();

function postedRun(req: Request): string | null {
  const parsed = runField.safeParse((req.body as Record<string, unknown> | undefined)?.run);
  return parsed.success ? parsed.data : null;
}

function areaOf(action: StudyAction): StudyArea {
  if (action.kind.startsWith("practice.")) return "practice";
  if (action.kind.startsWith("writing.")) return "writing";
  // "Save as card" from practice feedback stays in practice.
  if (action.kind === "card.saveQuestion") return "practice";
  return "cards";
}
