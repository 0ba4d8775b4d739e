import {
  listNotifications,
  markNotificationsRead,
  type NotificationKind,
  setNotificationDigest,
  setNotificationKind,
} from "@studyhall/core";
import type { Express } from "express";
import { z } from "zod";
import type { LtiContext } from "../lti-context.ts";
import { NOTIFICATION_KIND_LABELS, notificationsPage } from "../pages/notifications-page.ts";
import { pageUrl } from "../pages/page-context.ts";
import type { PageNotice } from "../pages/page-parts.ts";
import { guard, page, pageContext, sessionActor, sessionCourse, sessionOf } from "./page-session.ts";
import { sendPage } from "./respond.ts";

/** How many notifications the page lists, newest first. */
const INBOX_ITEMS = 50;

const DONE: Record<string, PageNotice> = {
  read: { tone: "success", text: "Everything in your inbox is marked read." },
  saved: { tone: "success", text: "Your notification settings are saved." },
};

const KINDS = Object.keys(NOTIFICATION_KIND_LABELS) as [NotificationKind, ...NotificationKind[]];

// A checkbox sends nothing when unticked, its value once, or several values as an array.
const settingsForm = z.object({
  on: z
    .union([z.enum(KINDS), z.array(z.enum(KINDS))])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
  digest: z.literal("1").optional(),
  digestHour: z.coerce.number().int().min(0).max(23),
});

/**
 * The Notifications page, for anyone with a session: their own inbox (never anyone else's: the
 * session's person is the only actor core is given), Mark all read, and which kinds reach them in chat
 * and the daily digest. Both posts carry the session's CSRF token.
 */
export function installNotificationsRoutes(app: Express, ctx: LtiContext): void {
  app.get(
    "/notifications",
    page(ctx, async (req, res) => {
      const session = sessionOf(res);
      const done = typeof req.query.done === "string" ? DONE[req.query.done] : undefined;
      const view = await listNotifications(
        ctx.db,
        { actor: sessionActor(session), limit: INBOX_ITEMS },
        { now: ctx.deps.clock() },
      );
      const course = await sessionCourse(ctx, session);
      sendPage(
        res,
        notificationsPage(
          {
            courseName: course.name,
            staff: session.role === "STAFF",
            view,
            ...(done ? { notice: done } : {}),
          },
          pageContext(ctx, res),
        ),
      );
    }),
  );

  app.post(
    "/notifications/read",
    guard(ctx, { csrf: true }),
    page(ctx, async (_req, res) => {
      const actor = sessionActor(sessionOf(res));
      await markNotificationsRead(ctx.db, { actor }, { now: ctx.deps.clock() });
      res.redirect(303, pageUrl(pageContext(ctx, res), "/notifications", { done: "read" }));
    }),
  );

  app.post(
    "/notifications/settings",
    guard(ctx, { csrf: true }),
    page(ctx, async (req, res) => {
      const parsed = settingsForm.safeParse(req.body);
      const links = pageContext(ctx, res);
      if (!parsed.success) {
        res.redirect(303, pageUrl(links, "/notifications"));
        return;
      }
      const actor = sessionActor(sessionOf(res));
      const { on, digest, digestHour } = parsed.data;
      const now = ctx.deps.clock();
      for (const kind of KINDS)
        await setNotificationKind(ctx.db, { actor, kind, on: on.includes(kind) }, { now });
      await setNotificationDigest(ctx.db, { actor, digest: digest === "1", hour: digestHour }, { now });
      res.redirect(303, `${pageUrl(links, "/notifications", { done: "saved" })}#settings`);
    }),
  );
}
