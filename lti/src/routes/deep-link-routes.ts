import {
  AppError,
  ErrorCode,
  listApprovedQuizzes,
  listReadyMaterials,
  requireOpenCourse,
  requireOpenCourseById,
} from "@studyhall/core";
import type { Express, Response } from "express";
import { z } from "zod";
import { materialItem, quizItem, type ResourceLinkItem } from "../deep-linking/content-items.ts";
import { type DeepLinkingSettings, readDeepLinkingSettings } from "../deep-linking/deep-linking-settings.ts";
import { signDeepLinkingResponse } from "../deep-linking/sign-deep-linking-response.ts";
import type { LtiContext } from "../lti-context.ts";
import { DEEP_LINK_RETURN_SCRIPT, deepLinkPickerPage, deepLinkReturnPage } from "../pages/deep-link-pages.ts";
import type { PageNotice } from "../pages/page-parts.ts";
import { LtiRejection } from "../security/lti-rejection.ts";
import { guard, page, pageContext, sessionCourse, sessionOf } from "./page-session.ts";
import { sendPage } from "./respond.ts";

// A picked item names a quiz or material by UUID; anything else is refused before it reaches a query.
const itemValue = z
  .string()
  .regex(/^(quiz|material):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
const pickForm = z.object({ item: z.union([itemValue, z.array(itemValue).max(50)]).optional() });

/**
 * Deep Linking (the LMS's link or assignment picker lands on /deep-link): staff choose approved
 * quizzes and ready materials, and the tool answers with a signed LtiDeepLinkingResponse that the
 * browser posts to the platform's return URL. A quiz comes with a gradebook line item.
 */
export function installDeepLinkRoutes(app: Express, ctx: LtiContext): void {
  app.get(
    "/deep-link",
    guard(ctx, { staff: true, lti: true }),
    page(ctx, async (_req, res) => showPicker(ctx, res, requireSettings(res))),
  );

  app.post(
    "/deep-link",
    guard(ctx, { staff: true, csrf: true, lti: true }),
    page(ctx, async (req, res) => {
      const settings = requireSettings(res);
      const form = pickForm.safeParse(req.body);
      const picked = form.success ? [form.data.item ?? []].flat() : [];
      if (picked.length === 0)
        return showPicker(ctx, res, settings, { tone: "error", text: "Choose something to add." }, 400);
      if (!settings.accept_multiple && picked.length > 1)
        return showPicker(
          ctx,
          res,
          settings,
          { tone: "error", text: "Your course takes one item here." },
          400,
        );
      const session = sessionOf(res);
      // Deep Linking sessions come only from an LMS launch, which always names its platform.
      if (!session.platformId) throw new LtiRejection("session_invalid");
      const items = await contentItems(ctx, session.courseId!, picked);
      const jwt = await signDeepLinkingResponse(
        { db: ctx.db, secrets: ctx.deps.secrets, now: ctx.now },
        {
          platformId: session.platformId,
          deploymentId: session.deploymentId,
          ...(settings.data !== undefined ? { data: settings.data } : {}),
          items,
          message: `Added ${items.length} StudyHall ${items.length === 1 ? "item" : "items"}.`,
        },
      );
      ctx.log.info(
        { courseId: session.courseId, items: items.length, quizzes: items.filter((i) => i.lineItem).length },
        "deep linking response sent",
      );
      const returnUrl = settings.deep_link_return_url;
      sendPage(res, deepLinkReturnPage(returnUrl, jwt, items.length), {
        script: DEEP_LINK_RETURN_SCRIPT,
        formAction: [new URL(returnUrl).origin],
      });
    }),
  );
}

function requireSettings(res: Response): DeepLinkingSettings {
  const session = sessionOf(res);
  const settings =
    session.messageType === "LtiDeepLinkingRequest" ? readDeepLinkingSettings(res.locals.context) : null;
  if (!settings)
    throw new AppError(ErrorCode.InvalidInput, "no deep linking settings in the session", {
      userMessage: "Open this from your LMS's link or assignment picker to add StudyHall content.",
    });
  if (!settings.accept_types.includes("ltiResourceLink"))
    throw new AppError(ErrorCode.InvalidInput, "platform does not accept resource links here", {
      userMessage:
        "This place in your LMS does not take links to tools. Add StudyHall as an assignment or a module item instead.",
    });
  return settings;
}

async function showPicker(
  ctx: LtiContext,
  res: Response,
  settings: DeepLinkingSettings,
  notice?: PageNotice,
  status = 200,
): Promise<void> {
  const course = await sessionCourse(ctx, sessionOf(res));
  // An archived course is read-only: nothing of it is placed in the LMS anew.
  requireOpenCourse(course);
  const [quizzes, materials] = await Promise.all([
    listApprovedQuizzes(ctx.db, { courseId: course.id, limit: 100 }),
    listReadyMaterials(ctx.db, { courseId: course.id, limit: 100 }),
  ]);
  sendPage(
    res,
    deepLinkPickerPage(
      {
        courseName: course.name,
        quizzes: quizzes.map((q) => ({ id: q.id, title: q.title, questions: q.questions })),
        materials,
        multiple: settings.accept_multiple,
        ...(notice ? { notice } : {}),
      },
      pageContext(ctx, res),
    ),
    { status },
  );
}

/** The content items for what was picked; each must be an approved quiz or ready material of the course. */
async function contentItems(
  ctx: LtiContext,
  courseId: string,
  picked: string[],
): Promise<ResourceLinkItem[]> {
  await requireOpenCourseById(ctx.db, courseId);
  const ids = (kind: string) =>
    picked.filter((p) => p.startsWith(`${kind}:`)).map((p) => p.slice(kind.length + 1));
  const [quizzes, materials] = await Promise.all([
    listApprovedQuizzes(ctx.db, { courseId, quizIds: ids("quiz") }),
    listReadyMaterials(ctx.db, { courseId, materialIds: ids("material") }),
  ]);
  if (quizzes.length + materials.length !== new Set(picked).size)
    throw new AppError(ErrorCode.NotFound, "picked item not in course", {
      userMessage: "Something you chose is no longer available. Go back and choose again.",
    });
  return [
    ...quizzes.map((q) => quizItem(ctx.toolUrl, { id: q.id, title: q.title, questions: q.questions })),
    ...materials.map((m) => materialItem(ctx.toolUrl, m)),
  ];
}
