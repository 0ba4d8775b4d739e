import {
  AppError,
  ErrorCode,
  findStudyGuide,
  listCourseMaterials,
  listStudyGuides,
  requestStudyGuide,
  type StudyGuideRequest,
  type StudyGuideView,
  studyGuideFiles,
} from "@studyhall/core";
import type { Express, Request, Response } from "express";
import { z } from "zod";
import type { LtiContext } from "../lti-context.ts";
import { pageUrl } from "../pages/page-context.ts";
import {
  GUIDE_PROGRESS_SCRIPT,
  type GuideProgress,
  studyGuidePage,
  studyGuidesPage,
} from "../pages/study-guide-page.ts";
import { guard, page, pageContext } from "./page-session.ts";
import { sendPage } from "./respond.ts";
import { uuidParam } from "./route-params.ts";
import { sendReplyFile } from "./study-files.ts";
import { studyHead, studyPlace } from "./study-routes.ts";

const requestForm = z.object({
  topic: z.string().trim().max(200).optional(),
  week: z.union([z.literal(""), z.coerce.number().int().min(1).max(60)]).optional(),
  material: z.union([z.uuid(), z.array(z.uuid()).max(50)]).optional(),
  fresh: z.literal("1").optional(),
});

/**
 * Study guides on the page: the course's kept guides, asking for one (topic, materials, week), its
 * progress while written (the page polls a small JSON), the guide with citations linking to their
 * passages, and its Markdown and PDF as downloads.
 */
export function installStudyGuideRoutes(app: Express, ctx: LtiContext): void {
  app.get(
    "/study/guides",
    page(ctx, async (_req, res) => {
      const place = studyPlace(res);
      const [guides, materials] = await Promise.all([
        listStudyGuides(ctx.db, place),
        listCourseMaterials(ctx.db, place),
      ]);
      const writing: GuideProgress[] = [];
      for (const summary of guides.filter((g) => g.status === "WRITING")) {
        const guide = await findStudyGuide(ctx.db, { ...place, guide: summary.id });
        writing.push({
          id: guide.id,
          title: guide.title,
          done: guide.passagesDone,
          total: guide.passagesTotal,
        });
      }
      const head = await studyHead(ctx, res, "Study guides", "guides");
      sendPage(res, studyGuidesPage({ ...head, guides, writing, materials }, pageContext(ctx, res)), {
        script: GUIDE_PROGRESS_SCRIPT,
      });
    }),
  );

  app.post(
    "/study/guides",
    guard(ctx, { csrf: true }),
    page(ctx, async (req, res) => {
      const { request, fresh } = readRequest(req);
      const started = await startGuide(ctx, res, request, fresh);
      const links = pageContext(ctx, res);
      res.redirect(
        303,
        started ? pageUrl(links, `/study/guides/${started.id}`) : pageUrl(links, "/study/guides"),
      );
    }),
  );

  app.get(
    "/study/guides/:guideId",
    page(ctx, async (req, res) => {
      const guide = await guideOf(ctx, req, res);
      const head = await studyHead(ctx, res, guide.title, "guides");
      sendPage(res, studyGuidePage({ ...head, guide }, pageContext(ctx, res)), {
        ...(guide.status === "WRITING" ? { script: GUIDE_PROGRESS_SCRIPT } : {}),
      });
    }),
  );

  app.get(
    "/study/guides/:guideId/progress",
    page(ctx, async (req, res) => {
      const guide = await guideOf(ctx, req, res);
      res
        .status(200)
        .set({ "Cache-Control": "no-store" })
        .json({ status: guide.status, done: guide.passagesDone, total: guide.passagesTotal });
    }),
  );

  app.get(
    "/study/guides/:guideId/download/:format",
    page(ctx, async (req, res) => {
      const format = req.params.format === "pdf" ? ".pdf" : req.params.format === "md" ? ".md" : null;
      const guide = await guideOf(ctx, req, res);
      const file = format ? studyGuideFiles(guide).find((f) => f.name.endsWith(format)) : undefined;
      if (!file) {
        throw new AppError(ErrorCode.NotFound, "study guide file not available", {
          userMessage: "That file of the guide is not available (a guide has its files once it is written).",
        });
      }
      sendReplyFile(res, file);
    }),
  );
}

function guideOf(ctx: LtiContext, req: Request, res: Response): Promise<StudyGuideView> {
  const guide = uuidParam(req, "guideId", "That study guide was not found in this course.");
  return findStudyGuide(ctx.db, { ...studyPlace(res), guide });
}

function readRequest(req: Request): { request: StudyGuideRequest; fresh: boolean } {
  const parsed = requestForm.safeParse(req.body);
  if (!parsed.success) {
    throw new AppError(ErrorCode.InvalidInput, "study guide form invalid", {
      userMessage:
        "Give a topic of at most 200 characters, a week from 1 to 60, or tick materials of the course.",
    });
  }
  const { topic, week, material, fresh } = parsed.data;
  const materialIds = material === undefined ? [] : [material].flat();
  return {
    request: {
      ...(topic ? { topic } : {}),
      ...(typeof week === "number" ? { week } : {}),
      ...(materialIds.length ? { materialIds } : {}),
    },
    fresh: fresh === "1",
  };
}

/** How long a request waits, after the first section is written, for the rest before showing progress. */
const FINISH_GRACE_MS = 2_000;

/**
 * Starts writing the guide and waits only until it is known: written already (or reused), or its first
 * section done and the rest not finished within a short grace, at which point the writing continues
 * after the page is answered and the guides page shows its progress. A refusal before any writing (no
 * passages, a spent budget) is answered as the page's error.
 */
async function startGuide(
  ctx: LtiContext,
  res: Response,
  request: StudyGuideRequest,
  fresh: boolean,
): Promise<StudyGuideView | null> {
  const place = studyPlace(res);
  let timer: NodeJS.Timeout | undefined;
  let onFirstProgress: () => void = () => {};
  const progressed = new Promise<null>((resolve) => {
    onFirstProgress = () => {
      timer ??= setTimeout(() => resolve(null), FINISH_GRACE_MS);
    };
  });
  const writing = requestStudyGuide(
    ctx.deps,
    { actor: place.actor, courseId: place.courseId, request, fresh },
    { onProgress: () => onFirstProgress() },
  );
  // Whatever happens after the page is answered is logged, never left unhandled.
  writing.catch((error: unknown) =>
    ctx.log.warn({ err: error, courseId: place.courseId }, "study guide request failed"),
  );
  try {
    return await Promise.race([writing, progressed]);
  } finally {
    clearTimeout(timer);
  }
}
