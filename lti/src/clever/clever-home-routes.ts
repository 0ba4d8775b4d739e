import { listPersonDistrictSections } from "@studyhall/core";
import type { Express } from "express";
import { z } from "zod";
import type { LtiContext } from "../lti-context.ts";
import { cleverHomePage } from "../pages/clever-home-page.ts";
import { landingPath, landingUrl } from "../routes/launch-handler.ts";
import { guard, page, pageContext, sessionOf } from "../routes/page-session.ts";
import { sendPage } from "../routes/respond.ts";
import type { LtiSession } from "../security/check-session.ts";
import { LtiRejection } from "../security/lti-rejection.ts";
import { CLEVER_COURSE, cleverRolesOf, openCleverSession, signInOf } from "./clever-session.ts";

const openForm = z.object({ courseId: z.uuid() });

/**
 * A Clever sign-in's pages outside any class: GET /clever/home lists the person's classes (their live
 * sections' courses where they are actively enrolled, from core), and POST /clever/open opens one as a
 * course session with the role of their enrolment, landing where an LMS launch lands (the course page
 * for staff, the student page for students), until the session it was opened from expires. Any Clever
 * session of the person may use both, so the class pages link back to the list.
 */
export function installCleverHomeRoutes(app: Express, ctx: LtiContext): void {
  app.get(
    "/clever/home",
    guard(ctx, { clever: true }),
    page(ctx, async (_req, res) => {
      const session = sessionOf(res);
      const classes = await personClasses(ctx, session);
      sendPage(
        res,
        cleverHomePage(
          {
            name: session.displayName,
            classes,
            districtAdmin: cleverRolesOf(session).includes("district_admin"),
          },
          pageContext(ctx, res),
        ),
      );
    }),
  );

  app.post(
    "/clever/open",
    guard(ctx, { clever: true, csrf: true }),
    page(ctx, async (req, res) => {
      const session = sessionOf(res);
      const form = openForm.safeParse(req.body);
      if (!form.success) throw new LtiRejection("not_in_section");
      // Only a class of this person's own district where they are enrolled now: a course id of another
      // district, or of a class they were removed from, is not in the list.
      const entry = (await personClasses(ctx, session)).find((c) => c.courseId === form.data.courseId);
      if (!entry) throw new LtiRejection("not_in_section");
      // The class's session ends when this one does: otherwise each class opened would extend a signed-in
      // page's life, and an ltik could be renewed for ever without signing in with Clever again.
      const now = ctx.now();
      const opened = await openCleverSession(
        ctx.db,
        signInOf(session),
        { courseId: entry.courseId, role: entry.role },
        {
          now,
          ttlMs: Math.min(ctx.sessionTtlMs, session.expiresAt.getTime() - now),
          encryptionKey: ctx.encryptionKey,
        },
      );
      ctx.log.info(
        { districtId: session.issuer, courseId: entry.courseId, role: entry.role },
        "Clever class opened",
      );
      const path = landingPath({ role: entry.role, messageType: CLEVER_COURSE });
      res.redirect(303, landingUrl(ctx, path, opened.ltik));
    }),
  );
}

function personClasses(ctx: LtiContext, session: LtiSession) {
  return listPersonDistrictSections(ctx.db, {
    provider: "CLEVER",
    districtExternalId: session.issuer,
    externalId: session.subject,
  });
}
