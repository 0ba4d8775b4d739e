import {
  type Actor,
  ErrorCode,
  getClassProgress,
  getHistory,
  getLeaderboard,
  getProgress,
  getStudentProgress,
  isAppError,
  type LeaderboardPeriod,
  progressCardReply,
  setLeaderboardHidden,
} from "@studyhall/core";
import type { Express, Response } from "express";
import { z } from "zod";
import type { LtiContext } from "../lti-context.ts";
import { pageUrl } from "../pages/page-context.ts";
import type { PageNotice } from "../pages/page-parts.ts";
import { classProgressPage, studentProgressPage } from "../pages/progress-class-page.ts";
import { type LeaderboardShown, progressPage } from "../pages/progress-page.ts";
import type { ProgressPageHead } from "../pages/progress-parts.ts";
import { guard, page, pageContext, sessionActor, sessionCourse, sessionOf } from "./page-session.ts";
import { sendPage } from "./respond.ts";
import { uuidParam } from "./route-params.ts";
import { studyPlace } from "./study-routes.ts";

/** How many past games, practice runs and review days the page lists. */
const HISTORY_ITEMS = 20;

const DONE: Record<string, PageNotice> = {
  hidden: {
    tone: "success",
    text: "You are hidden from the leaderboards now. Your XP, streak and card are unchanged.",
  },
  shown: { tone: "success", text: "You are on the leaderboards again." },
};

const periodQuery = z.enum(["week", "all"]).catch("week");
const visibilityForm = z.object({ hidden: z.enum(["0", "1"]) });

/**
 * The Progress pages, for anyone with a session in the course: their own progress card (inline SVG with
 * the same words chat shows where pictures are off), the course leaderboard with the button to hide
 * from it, and their history. Staff also get the class's progress and each student's card.
 */
export function installProgressRoutes(app: Express, ctx: LtiContext): void {
  const staffOnly = guard(ctx, { staff: true });

  app.get(
    "/progress",
    page(ctx, async (req, res) => {
      const period = periodQuery.parse(req.query.period);
      const done = typeof req.query.done === "string" ? DONE[req.query.done] : undefined;
      const place = studyPlace(res);
      const now = ctx.deps.clock();
      const input = { actor: place.actor, courseId: place.courseId };
      const view = await getProgress(ctx.db, input, { now });
      const leaderboard = await leaderboardShown(ctx, { ...input, period }, now);
      const history = await getHistory(ctx.db, { ...input, limit: HISTORY_ITEMS }, { now });
      const head = await progressHead(ctx, res, "Your progress", done);
      sendPage(
        res,
        progressPage(
          { ...head, view, fallback: progressCardReply(view, null), period, leaderboard, history },
          pageContext(ctx, res),
        ),
      );
    }),
  );

  app.post(
    "/progress/leaderboard",
    guard(ctx, { csrf: true }),
    page(ctx, async (req, res) => {
      const parsed = visibilityForm.safeParse(req.body);
      const links = pageContext(ctx, res);
      if (!parsed.success) {
        res.redirect(303, pageUrl(links, "/progress"));
        return;
      }
      const hidden = parsed.data.hidden === "1";
      await setLeaderboardHidden(ctx.db, { actor: sessionActor(sessionOf(res)), hidden });
      res.redirect(303, `${pageUrl(links, "/progress", { done: hidden ? "hidden" : "shown" })}#leaderboard`);
    }),
  );

  app.get(
    "/progress/class",
    staffOnly,
    page(ctx, async (_req, res) => {
      const { actor, courseId } = studyPlace(res);
      const view = await getClassProgress(ctx.db, { actor, courseId }, { now: ctx.deps.clock() });
      const head = await progressHead(ctx, res, "Class progress");
      sendPage(res, classProgressPage({ ...head, view }, pageContext(ctx, res)));
    }),
  );

  app.get(
    "/progress/students/:userId",
    staffOnly,
    page(ctx, async (req, res) => {
      const userId = uuidParam(req, "userId", "That student was not found in this course.");
      const { actor, courseId } = studyPlace(res);
      const view = await getStudentProgress(ctx.db, { actor, courseId, userId }, { now: ctx.deps.clock() });
      const head = await progressHead(ctx, res, `Progress of ${view.displayName}`);
      sendPage(
        res,
        studentProgressPage(
          { ...head, view, fallback: progressCardReply(view, null) },
          pageContext(ctx, res),
        ),
      );
    }),
  );
}

/** The leaderboard, or the sentence core refuses it with when staff turned it off for the course. */
async function leaderboardShown(
  ctx: LtiContext,
  input: { actor: Actor; courseId: string; period: LeaderboardPeriod },
  now: Date,
): Promise<LeaderboardShown> {
  try {
    return { board: await getLeaderboard(ctx.db, input, { now }) };
  } catch (error) {
    if (isAppError(error) && error.code === ErrorCode.Forbidden) return { refused: error.userMessage };
    throw error;
  }
}

async function progressHead(
  ctx: LtiContext,
  res: Response,
  heading: string,
  notice?: PageNotice,
): Promise<Omit<ProgressPageHead, "current">> {
  const session = sessionOf(res);
  const course = await sessionCourse(ctx, session);
  return {
    courseName: course.name,
    heading,
    staff: session.role === "STAFF",
    ...(notice ? { notice } : {}),
  };
}
