import type { Express, NextFunction, Request, Response } from "express";
import { installCleverSignInRoutes } from "../clever/clever-sign-in-routes.ts";
import { requireConnectedDistrict } from "../clever/require-connected-district.ts";
import type { LtiContext } from "../lti-context.ts";
import { messagePage } from "../pages/message-page.ts";
import { registerDynamically } from "../registration/register-dynamically.ts";
import { isRegistrationKey } from "../registration/registration-key.ts";
import { checkSession } from "../security/check-session.ts";
import { LtiRejection } from "../security/lti-rejection.ts";
import { startLogin } from "../security/start-login.ts";
import { verifiedPlatformKey } from "../security/verified-platform-key.ts";
import { verifyLaunch } from "../security/verify-launch.ts";
import { prefetchSessionRecords, sessionRecords } from "../storage/session-records.ts";
import { sendError, sendPage } from "./respond.ts";

/** Express request as ltijs leaves it: the ltik it found (query, body or header) is `req.token`. */
type LtijsRequest = Request & { token?: string; signedCookies: Record<string, unknown> };

/**
 * Our routes and checks inside ltijs's app, installed through its `serverAddon` hook: after its body and
 * cookie parsers, before its own session validator. They replace ltijs's login and dynamic registration,
 * and put our checks in front of everything else:
 * - a launch (POST of id_token + state) is verified against the login we recorded (verify-launch.ts),
 *   and only then handed to ltijs, with the issuer of our server-side state in place of ltijs's state
 *   cookie, which LMS iframes block;
 * - any other request must carry an ltik naming an unexpired session of ours (check-session.ts), while
 *   the records ltijs then reads for that ltik load beside it (storage/session-records.ts); a Clever
 *   session's district must still be connected (clever/require-connected-district.ts);
 * - only /keys is public.
 */
export function installGuards(app: Express, ctx: LtiContext): void {
  app.all("/login", async (req, res) => {
    try {
      const params = { ...(req.query as Record<string, unknown>), ...(isObject(req.body) ? req.body : {}) };
      const { redirectTo } = await startLogin(params, {
        db: ctx.db,
        launchUrl: ctx.toolUrl,
        now: ctx.now,
        maxLoginStates: ctx.maxLoginStates,
      });
      res.redirect(302, redirectTo);
    } catch (error) {
      sendError(ctx, res, error, req.path);
    }
  });

  app.get("/register", async (req, res) => {
    try {
      if (!isRegistrationKey(req.query.key, ctx.encryptionKey))
        throw new LtiRejection("registration_key_invalid");
      const { platform } = await registerDynamically(req.query as Record<string, unknown>, {
        db: ctx.db,
        secrets: ctx.deps.secrets,
        toolUrl: ctx.toolUrl,
        allowHttp: ctx.allowHttpRegistration,
        timeoutMs: ctx.lmsTimeoutMs,
      });
      ctx.log.info(
        { issuer: platform.issuer, clientId: platform.clientId, deployments: platform.deploymentIds.length },
        "LTI platform registered dynamically",
      );
      // The LMS shows this page in an iframe or a popup and closes it on this message; a popup needs
      // window.opener, which helmet's Cross-Origin-Opener-Policy (set by ltijs) would cut.
      res.removeHeader("Cross-Origin-Opener-Policy");
      sendPage(
        res,
        messagePage(
          "StudyHall is registered",
          `StudyHall is now registered with ${platform.name}. You can close this window.`,
        ),
        {
          script:
            '(window.opener || window.parent).postMessage({ subject: "org.imsglobal.lti.close" }, "*");',
        },
      );
    } catch (error) {
      sendError(ctx, res, error, req.path);
    }
  });

  // Clever's sign-in arrives without a session: its own routes, before the session check.
  if (ctx.clever) installCleverSignInRoutes(app, ctx, ctx.clever);

  app.use(async (req: LtijsRequest, res: Response, next: NextFunction) => {
    if (req.path === "/keys") return next();
    const idToken = req.method === "POST" && isObject(req.body) ? req.body.id_token : undefined;
    try {
      if (idToken !== undefined) {
        if (req.token) throw new LtiRejection("ambiguous_request");
        if (req.path !== "/") throw new LtiRejection("wrong_launch_url");
        const launch = await verifyLaunch(req.body as Record<string, unknown>, {
          db: ctx.db,
          keys: ctx.platformKeys,
          now: ctx.now,
        });
        // ltijs compares the token's issuer with a state cookie; give it the one our state recorded.
        req.signedCookies[`state${launch.state}`] = launch.platform.issuer;
        res.locals.verifiedLaunch = launch;
        const { issuer, clientId } = launch.platform;
        return verifiedPlatformKey.run({ issuer, clientId, jwk: launch.platformKey }, next);
      }
      if (!req.token) throw new LtiRejection("session_missing");
      // ltijs reads two records of this ltik after us; they load while our own check runs.
      const records = prefetchSessionRecords(ctx.db, req.token, ctx.encryptionKey);
      const session = await checkSession(req.token, {
        db: ctx.db,
        encryptionKey: ctx.encryptionKey,
        now: ctx.now,
      });
      res.locals.session = session;
      if (session.via === "CLEVER") {
        await requireConnectedDistrict(ctx.db, session, req.path);
        // ltijs holds no LMS launch records for a Clever sign-in, so it must not see its ltik: without one,
        // ltijs lets the request through (create-lti-front-end.ts whitelists every path, as only requests
        // this check passed reach it without an ltik) and the session checked here is the page's.
        res.locals.ltik = req.token;
        req.token = undefined;
        return next();
      }
      return records ? sessionRecords.run(records, next) : next();
    } catch (error) {
      sendError(ctx, res, error, req.path);
    }
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}
