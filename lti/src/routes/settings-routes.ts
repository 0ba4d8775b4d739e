import {
  COURSE_SETTINGS_FIELDS,
  checkCourseSettings,
  getCourseSettings,
  updateCourseSettings,
} from "@studyhall/core";
import type { Express, Request, Response } from "express";
import type { LtiContext } from "../lti-context.ts";
import { pageUrl } from "../pages/page-context.ts";
import { type SettingsFormValues, settingsFormValues, settingsPage } from "../pages/settings-page.ts";
import { guard, page, pageContext, sessionActor, sessionCourse, sessionOf } from "./page-session.ts";
import { sendPage } from "./respond.ts";

/**
 * The course settings page (staff): GET shows the values in force; POST saves the form through core,
 * or shows it again with the typed values and an error beside each refused field (400, nothing saved).
 */
export function installSettingsRoutes(app: Express, ctx: LtiContext): void {
  const staff = guard(ctx, { staff: true });
  const staffPost = guard(ctx, { staff: true, csrf: true });

  app.get(
    "/course/settings",
    staff,
    page(ctx, async (req, res) => {
      const saved = req.query.done === "saved";
      await showSettings(ctx, res, saved ? { notice: { tone: "success", text: "Settings saved." } } : {});
    }),
  );

  app.post(
    "/course/settings",
    staffPost,
    page(ctx, async (req, res) => {
      const session = sessionOf(res);
      const typed = formValues(req);
      const checked = checkCourseSettings(typed, ctx.deps.tutor.limits);
      if (!checked.ok) {
        ctx.log.info({ fields: Object.keys(checked.errors) }, "course settings refused on the form");
        await showSettings(ctx, res, { typed, errors: checked.errors }, 400);
        return;
      }
      await updateCourseSettings(
        ctx.db,
        { actor: sessionActor(session), courseId: session.courseId!, changes: typed },
        ctx.deps.tutor.limits,
      );
      res.redirect(303, pageUrl(pageContext(ctx, res), "/course/settings", { done: "saved" }));
    }),
  );
}

/** The posted fields as text, and only the settings' fields (the ltik and CSRF token stay out). */
function formValues(req: Request): SettingsFormValues {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const values: SettingsFormValues = {};
  for (const key of COURSE_SETTINGS_FIELDS)
    if (typeof body[key] === "string") values[key] = (body[key] as string).slice(0, 40);
  return values;
}

async function showSettings(
  ctx: LtiContext,
  res: Response,
  shown: Omit<Parameters<typeof settingsPage>[3], "values"> & { typed?: SettingsFormValues },
  status = 200,
): Promise<void> {
  const session = sessionOf(res);
  const course = await sessionCourse(ctx, session);
  const settings = await getCourseSettings(
    ctx.db,
    { actor: sessionActor(session), courseId: course.id },
    ctx.deps.tutor.limits,
  );
  const { typed, ...rest } = shown;
  const values = typed ? { ...settingsFormValues(settings), ...typed } : settingsFormValues(settings);
  sendPage(res, settingsPage(course.name, settings, pageContext(ctx, res), { ...rest, values }), { status });
}
