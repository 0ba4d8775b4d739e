import { exportPerson, listAudit } from "@studyhall/core";
import type { Express } from "express";
import { z } from "zod";
import type { LtiContext } from "../lti-context.ts";
import { activityPage } from "../pages/activity-page.ts";
import { guard, page, pageContext, sessionActor, sessionCourse, sessionOf } from "./page-session.ts";
import { sendPage } from "./respond.ts";

const ACTIVITY_PAGE_SIZE = 100;

/** The export form's one field; anything else about the request is the session's. */
const exportForm = z.object({ userId: z.uuid() });
const activityQuery = z.object({ before: z.uuid().optional().catch(undefined) });

/**
 * Staff's privacy tools: a person's data in this course as a JSON download (the roster's "Export data"
 * buttons; core decides the scope and refuses anyone not in the course), and the course's activity log.
 */
export function installPrivacyRoutes(app: Express, ctx: LtiContext): void {
  app.post(
    "/course/roster/export",
    guard(ctx, { staff: true, csrf: true }),
    page(ctx, async (req, res) => {
      const session = sessionOf(res);
      const course = await sessionCourse(ctx, session);
      const form = exportForm.safeParse(req.body);
      const person = form.success ? { userId: form.data.userId } : { userId: "" };
      const document = await exportPerson(
        { requester: { kind: "staff", actor: sessionActor(session), courseId: course.id }, person },
        { db: ctx.db, logger: ctx.log, now: () => new Date(ctx.now()) },
      );
      const name = `studyhall-${course.slug}-${document.person.id.slice(0, 8)}.json`;
      res
        .status(200)
        .set({
          "Content-Type": "application/json; charset=utf-8",
          "Content-Disposition": `attachment; filename="${name}"`,
          "Cache-Control": "no-store",
          "X-Content-Type-Options": "nosniff",
        })
        .send(`${JSON.stringify(document, null, 2)}\n`);
    }),
  );

  app.get(
    "/course/activity",
    guard(ctx, { staff: true }),
    page(ctx, async (req, res) => {
      const session = sessionOf(res);
      const course = await sessionCourse(ctx, session);
      const { before } = activityQuery.parse(req.query);
      const entries = await listAudit(ctx.db, {
        requester: { kind: "staff", actor: sessionActor(session), courseId: course.id },
        // One more than a page, to know whether an older page exists.
        limit: ACTIVITY_PAGE_SIZE + 1,
        ...(before ? { before } : {}),
      });
      sendPage(
        res,
        activityPage(
          {
            courseName: course.name,
            entries: entries.slice(0, ACTIVITY_PAGE_SIZE),
            hasOlder: entries.length > ACTIVITY_PAGE_SIZE,
            paged: Boolean(before),
          },
          pageContext(ctx, res),
        ),
      );
    }),
  );
}
