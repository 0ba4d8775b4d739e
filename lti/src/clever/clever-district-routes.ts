import { connectDistrict, findDistrict, listSyncRuns } from "@studyhall/core";
import type { Express, Response } from "express";
import { z } from "zod";
import type { LtiContext } from "../lti-context.ts";
import { cleverDistrictPage } from "../pages/clever-district-page.ts";
import { pageUrl } from "../pages/page-context.ts";
import type { PageNotice } from "../pages/page-parts.ts";
import { guard, page, pageContext, sessionOf } from "../routes/page-session.ts";
import { sendPage } from "../routes/respond.ts";
import { LtiRejection } from "../security/lti-rejection.ts";
import type { CleverFrontEnd } from "./clever-front-end.ts";
import { cleverRolesOf } from "./clever-session.ts";
import { requestDistrictSync } from "./clever-sync-jobs.ts";

/** The latest runs the page shows. */
const RUNS_SHOWN = 5;

const doneQuery = z.object({
  done: z.enum(["scheduled", "running", "connected", "no_token"]).optional().catch(undefined),
});

const NOTICES: Record<NonNullable<z.infer<typeof doneQuery>["done"]>, PageNotice> = {
  scheduled: { tone: "success", text: "Sync started. Reload this page in a moment to see its report." },
  running: {
    tone: "info",
    text: "A sync of this district is already running; its report appears here when it ends.",
  },
  connected: {
    tone: "success",
    text: "Your district is connected. Its first sync has started; reload this page in a moment to see its report.",
  },
  no_token: {
    tone: "warning",
    text: "Clever has not given StudyHall access to your district yet. Add StudyHall to your district in Clever's dashboard (it asks you to share your district's data), then connect again.",
  },
};

/**
 * The district page of a Clever district admin (GET /clever/district), its "Sync now" and its
 * "Connect this district": only a Clever sign-in whose roles include district_admin sees it, and only
 * for the district it signed in with (the session's own district id; the page takes no district from
 * the request).
 */
export function installCleverDistrictRoutes(app: Express, ctx: LtiContext, clever: CleverFrontEnd): void {
  app.get(
    "/clever/district",
    guard(ctx, { clever: true }),
    page(ctx, async (req, res) => {
      const cleverDistrictId = districtAdminOf(res);
      const district = await findDistrict(ctx.db, { provider: "CLEVER", externalId: cleverDistrictId });
      const runs = district ? await listSyncRuns(ctx.db, district.id, RUNS_SHOWN) : [];
      const { done } = doneQuery.parse(req.query);
      sendPage(
        res,
        cleverDistrictPage(
          { cleverDistrictId, district, runs, ...(done ? { notice: NOTICES[done] } : {}) },
          pageContext(ctx, res),
        ),
      );
    }),
  );

  app.post(
    "/clever/district/sync",
    guard(ctx, { clever: true, csrf: true }),
    page(ctx, async (_req, res) => {
      const cleverDistrictId = districtAdminOf(res);
      const district = await findDistrict(ctx.db, { provider: "CLEVER", externalId: cleverDistrictId });
      if (district?.status !== "CONNECTED") throw new LtiRejection("district_not_connected");
      const request = await requestDistrictSync({ db: ctx.db }, { districtId: district.id, trigger: "page" });
      ctx.log.info(
        { districtId: district.id, status: request.status },
        "Clever sync requested from the district page",
      );
      backToPage(ctx, res, request.status);
    }),
  );

  app.post(
    "/clever/district/connect",
    guard(ctx, { clever: true, csrf: true }),
    page(ctx, async (_req, res) => {
      const cleverDistrictId = districtAdminOf(res);
      // The district's token is the one Clever lists for the app and this district; nothing typed in.
      const tokens = await clever.oauth.districtTokens();
      const token = tokens.find((t) => t.districtId === cleverDistrictId)?.accessToken;
      if (!token) return backToPage(ctx, res, "no_token");
      const { name } = await clever.dataClient(token).district();
      const district = await connectDistrict(
        { db: ctx.db, secrets: ctx.deps.secrets },
        { provider: "CLEVER", externalId: cleverDistrictId, name, token },
      );
      await requestDistrictSync({ db: ctx.db }, { districtId: district.id, trigger: "page", full: true });
      ctx.log.info({ districtId: district.id }, "Clever district connected from the district page");
      backToPage(ctx, res, "connected");
    }),
  );
}

/** The session's Clever district, when the person signed in as one of its district admins. */
function districtAdminOf(res: Response): string {
  const session = sessionOf(res);
  if (!cleverRolesOf(session).includes("district_admin")) throw new LtiRejection("not_district_admin");
  return session.issuer;
}

function backToPage(
  ctx: LtiContext,
  res: Response,
  done: NonNullable<z.infer<typeof doneQuery>["done"]>,
): void {
  res.redirect(303, pageUrl(pageContext(ctx, res), "/clever/district", { done }));
}
