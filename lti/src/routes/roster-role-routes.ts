import { AppError, addCourseStaff, ErrorCode, removeCourseStaff, resolveUser } from "@studyhall/core";
import type { Express } from "express";
import { z } from "zod";
import type { LtiContext } from "../lti-context.ts";
import { pageUrl } from "../pages/page-context.ts";
import { guard, page, pageContext, sessionActor, sessionOf } from "./page-session.ts";

const roleForm = z.object({
  userId: z.uuid(),
  role: z.enum(["STAFF", "STUDENT"]),
});

/**
 * The roster page's "Make staff" / "Make student" post (staff only, CSRF-checked): the same core use
 * cases as chat's staff commands, so the same rules hold (the last staff member stays, audited).
 */
export function installRosterRoleRoutes(app: Express, ctx: LtiContext): void {
  app.post(
    "/course/roster/role",
    guard(ctx, { staff: true, csrf: true }),
    page(ctx, async (req, res) => {
      const form = roleForm.safeParse(req.body);
      if (!form.success) {
        throw new AppError(ErrorCode.InvalidInput, "bad roster role form", {
          userMessage: "Choose a person from the roster and the role to give them.",
        });
      }
      const session = sessionOf(res);
      const actor = sessionActor(session);
      const input = { actor, courseId: session.courseId!, target: { userId: form.data.userId } };
      const change =
        form.data.role === "STAFF"
          ? await addCourseStaff(ctx.db, input)
          : await removeCourseStaff(ctx.db, input);
      ctx.log.info(
        { courseId: session.courseId, role: form.data.role, changed: change.changed },
        "roster role",
      );
      const { userId } = await resolveUser(ctx.db, actor);
      // Someone who made themselves a student may no longer open the roster: send them to the course.
      const self = userId === change.userId && form.data.role === "STUDENT" && change.changed;
      const done = !change.changed
        ? "role_unchanged"
        : form.data.role === "STAFF"
          ? "staff_added"
          : "staff_removed";
      res.redirect(303, pageUrl(pageContext(ctx, res), self ? "/course" : "/course/roster", { done }));
    }),
  );
}
