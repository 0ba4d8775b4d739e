import { listCourseRoster } from "@studyhall/core";
import type { Express } from "express";
import { z } from "zod";
import { isCleverSession } from "../clever/clever-session.ts";
import type { LtiContext } from "../lti-context.ts";
import { pageUrl } from "../pages/page-context.ts";
import type { PageNotice } from "../pages/page-parts.ts";
import { type RosterPageData, rosterPage } from "../pages/roster-page.ts";
import { NRPS_NOT_OFFERED } from "../roster/roster-failure.ts";
import { ROSTER_THROTTLE_MS, requestRosterSync } from "../roster/roster-jobs.ts";
import type { LtiSession } from "../security/check-session.ts";
import { guard, page, pageContext, sessionActor, sessionCourse, sessionOf } from "./page-session.ts";
import { sendPage } from "./respond.ts";
import { installRosterRoleRoutes } from "./roster-role-routes.ts";

const PAGE_SIZE = 200;

/** The roster page's query: a bad value falls back to the first page and no notice. */
const rosterQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  done: z
    .enum(["scheduled", "throttled", "unavailable", "staff_added", "staff_removed", "role_unchanged"])
    .optional()
    .catch(undefined),
});

/**
 * The roster page (staff only), its "Sync now" post (CSRF-checked, same throttle as launches) and its
 * make-staff / make-student post.
 */
export function installRosterRoutes(app: Express, ctx: LtiContext): void {
  app.get(
    "/course/roster",
    guard(ctx, { staff: true }),
    page(ctx, async (req, res) => {
      const query = rosterQuery.parse(req.query);
      const session = sessionOf(res);
      const course = await sessionCourse(ctx, session);
      const link = await courseLink(ctx, session);
      const list = (pageNumber: number) =>
        listCourseRoster(ctx.db, {
          actor: sessionActor(session),
          courseId: course.id,
          offset: (pageNumber - 1) * PAGE_SIZE,
          limit: PAGE_SIZE,
        });
      let roster = await list(query.page);
      const pageCount = Math.max(1, Math.ceil(roster.total / PAGE_SIZE));
      if (query.page > pageCount) roster = await list(pageCount);
      // A Clever sign-in's course is rostered by its district's Clever sync, not by an LMS.
      const sync: RosterPageData["sync"] = isCleverSession(session)
        ? { source: "CLEVER" }
        : {
            source: "LTI",
            available: Boolean(link?.membershipsUrl),
            startedAt: link?.rosterSyncStartedAt ?? null,
            syncedAt: link?.rosterSyncedAt ?? null,
            error: link?.rosterSyncError ?? (link?.membershipsUrl ? null : NRPS_NOT_OFFERED),
          };
      const notice = query.done
        ? doneNotice(query.done, sync.source === "LTI" ? sync.startedAt : null)
        : undefined;
      sendPage(
        res,
        rosterPage(
          {
            course,
            roster,
            page: Math.min(query.page, pageCount),
            pageCount,
            identitySource: { platform: session.via === "CLEVER" ? "CLEVER" : "LTI", tenant: session.issuer },
            sync,
            ...(notice ? { notice } : {}),
          },
          pageContext(ctx, res),
        ),
      );
    }),
  );

  app.post(
    "/course/roster/sync",
    guard(ctx, { staff: true, csrf: true, lti: true }),
    page(ctx, async (_req, res) => {
      const session = sessionOf(res);
      const link = await courseLink(ctx, session);
      const request = link ? await requestRosterSync(ctx, link.id) : { status: "unavailable" as const };
      if (request.status === "scheduled") ctx.log.info({ linkId: link?.id }, "LTI roster sync requested");
      res.redirect(303, pageUrl(pageContext(ctx, res), "/course/roster", { done: request.status }));
    }),
  );
  installRosterRoleRoutes(app, ctx);
}

/** The LMS context the session was launched from. */
function courseLink(ctx: LtiContext, session: LtiSession) {
  if (!session.contextId || !session.platformId) return Promise.resolve(null);
  return ctx.db.ltiCourseLink.findUnique({
    where: { platformId_contextId: { platformId: session.platformId, contextId: session.contextId } },
  });
}

function doneNotice(
  done: NonNullable<z.infer<typeof rosterQuery>["done"]>,
  startedAt: Date | null,
): PageNotice {
  if (done === "staff_added") return { tone: "success", text: "They are now staff of this course." };
  if (done === "staff_removed") {
    return { tone: "success", text: "They are now a student of this course (their history is kept)." };
  }
  if (done === "role_unchanged")
    return { tone: "info", text: "They already had that role; nothing changed." };
  if (done === "scheduled") {
    return { tone: "success", text: "Roster sync started. Reload this page in a moment to see the result." };
  }
  if (done === "unavailable") return { tone: "warning", text: NRPS_NOT_OFFERED };
  const next = startedAt ? new Date(startedAt.getTime() + ROSTER_THROTTLE_MS) : null;
  return {
    tone: "info",
    text: next
      ? `The roster was synced less than 10 minutes ago. You can sync again after ${next.toISOString().slice(11, 16)} UTC.`
      : "The roster was synced less than 10 minutes ago. Try again later.",
  };
}
