import { listCourseMaterials, startIdentityLink } from "@studyhall/core";
import type { Express, Response } from "express";
import type { LtiContext } from "../lti-context.ts";
import { type StudentPageData, studentPage } from "../pages/student-page.ts";
import { guard, page, pageContext, sessionActor, sessionCourse, sessionOf } from "./page-session.ts";
import { sendPage } from "./respond.ts";

/** The student page (any session may see it) and the link code it hands out. */
export function installLearnRoutes(app: Express, ctx: LtiContext): void {
  app.get(
    "/learn",
    page(ctx, async (_req, res) => showStudentPage(ctx, res, {})),
  );
  app.post(
    "/learn/link-code",
    guard(ctx, { csrf: true }),
    page(ctx, async (_req, res) => {
      const linkCode = await startIdentityLink(ctx.db, { actor: sessionActor(sessionOf(res)) });
      await showStudentPage(ctx, res, { linkCode });
    }),
  );
}

async function showStudentPage(
  ctx: LtiContext,
  res: Response,
  extra: Pick<StudentPageData, "notice" | "linkCode">,
): Promise<void> {
  const session = sessionOf(res);
  const course = await sessionCourse(ctx, session);
  const materials = await listCourseMaterials(ctx.db, { actor: sessionActor(session), courseId: course.id });
  const data: StudentPageData = { course, materials, staff: session.role === "STAFF", ...extra };
  sendPage(res, studentPage(data, pageContext(ctx, res)));
}
