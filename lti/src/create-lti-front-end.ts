import {
  AppError,
  ErrorCode,
  GRADEBOOK_QUEUE,
  type JobHandler,
  type Logger,
  type StudyHallDeps,
} from "@studyhall/core";
import express, { type Router } from "express";
import ltijs from "ltijs";
import { installCleverDistrictRoutes } from "./clever/clever-district-routes.ts";
import { createCleverFrontEnd } from "./clever/clever-front-end.ts";
import { installCleverHomeRoutes } from "./clever/clever-home-routes.ts";
import {
  CLEVER_SYNC_QUEUE,
  cleverSyncJobHandler,
  scheduleNightlyCleverSync,
} from "./clever/clever-sync-jobs.ts";
import { createGradebookJobHandler } from "./grades/gradebook-job.ts";
import { createRetitleJobHandler, RETITLE_QUEUE } from "./grades/retitle-columns.ts";
import type { LtiContext } from "./lti-context.ts";
import { DEFAULT_SESSION_MINUTES, type LtiSettings } from "./lti-settings.ts";
import { messagePage } from "./pages/message-page.ts";
import { ROSTER_QUEUE, rosterJobHandler, scheduleNightlyRoster } from "./roster/roster-jobs.ts";
import { installAskRoutes } from "./routes/ask-routes.ts";
import { installCourseRoutes } from "./routes/course-routes.ts";
import { installGuards } from "./routes/install-guards.ts";
import { launchHandler } from "./routes/launch-handler.ts";
import { installLearnRoutes } from "./routes/learn-routes.ts";
import { installNotificationsRoutes } from "./routes/notifications-routes.ts";
import { installPrivacyRoutes } from "./routes/privacy-routes.ts";
import { installProgressRoutes } from "./routes/progress-routes.ts";
import { sendPage, sendRejection } from "./routes/respond.ts";
import { installRosterRoutes } from "./routes/roster-routes.ts";
import { installSessionsRoutes } from "./routes/sessions-routes.ts";
import { installStudyRoutes } from "./routes/study-routes.ts";
import { createCsrf } from "./security/csrf.ts";
import { LtiRejection } from "./security/lti-rejection.ts";
import { createPlatformKeys } from "./security/platform-keys.ts";
import { DEFAULT_RATE_LIMITS, type InstalledRateLimits, installRateLimits } from "./security/rate-limits.ts";
import { DEFAULT_LOGIN_STATES_PER_PLATFORM } from "./security/record-login-state.ts";
import { ID_TOKEN_MAX_AGE_S } from "./security/verify-launch.ts";
import { DEFAULT_LMS_TIMEOUT_MS, withDeadline } from "./services/lms-fetch.ts";
import { createServiceTokens } from "./services/service-token.ts";
import { createGuardedStore } from "./storage/guarded-store.ts";
import { pruneLtiData } from "./storage/prune-lti-data.ts";

export interface LtiFrontEnd {
  /** Express router to mount at "/" on the shared server: everything under /lti. */
  router: Router;
  /** Connects ltijs to the database; until then /lti answers 503. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Durable jobs this front end runs (grade delivery, roster syncs), by queue. The app's job runner
   * takes them with the other front ends' handlers, so they survive restarts and share the work
   * between processes.
   */
  jobHandlers: Record<string, JobHandler>;
  /** The per-address limits on the open routes (security/rate-limits.ts). */
  rateLimits: InstalledRateLimits;
}

/** Knobs with production defaults; tests turn them. */
export interface LtiTuning {
  /** The clock for login and session expiry (default Date.now). */
  now?: () => number;
  /** Let dynamic registration talk to http:// platforms (tests on 127.0.0.1). Default false. */
  allowHttpRegistration?: boolean;
  /** How often expired logins, sessions and ltijs records are deleted (default 10 minutes). */
  pruneIntervalMs?: number;
}

/** ltijs is one object per process (its module exports an instance), so is this front end. */
let created = false;

/** Log fields that may hold a token; redacted even if a future change logs a request body. */
const REDACT = [
  "id_token",
  "*.id_token",
  "ltik",
  "*.ltik",
  "csrf",
  "*.csrf",
  "registration_token",
  "*.registration_token",
  "client_assertion",
  "*.client_assertion",
];

/**
 * Builds the LTI 1.3 tool: ltijs (for its launch handling, ltik and key set) on our Postgres, mounted
 * under /lti, with our own login, dynamic registration, launch verification, session expiry, CSRF
 * checks and pages around it (see routes/install-guards.ts for what ltijs does not check).
 */
export function createLtiFrontEnd(options: {
  deps: StudyHallDeps;
  settings: LtiSettings;
  logger: Logger;
  tuning?: LtiTuning;
}): LtiFrontEnd {
  if (created) {
    throw new AppError(ErrorCode.Config, "createLtiFrontEnd called twice", {
      userMessage: "The LTI front end can be created once per process (ltijs is a singleton).",
    });
  }
  const { deps, settings, tuning = {} } = options;
  if (settings.encryptionKey.length < 32) {
    throw new AppError(ErrorCode.Config, "LTI_ENCRYPTION_KEY too short", {
      userMessage: "LTI_ENCRYPTION_KEY must be at least 32 characters (e.g. `openssl rand -hex 32`).",
    });
  }
  created = true;
  const log = options.logger.child({ platform: "lti" }, { redact: { paths: REDACT, censor: "[redacted]" } });
  const toolUrl = `${settings.publicUrl.replace(/\/+$/, "")}/lti`;
  const lmsTimeoutMs = settings.httpTimeoutMs ?? DEFAULT_LMS_TIMEOUT_MS;
  const ctx: LtiContext = {
    deps,
    db: deps.db,
    log,
    toolUrl,
    encryptionKey: settings.encryptionKey,
    sessionTtlMs: (settings.sessionMinutes ?? DEFAULT_SESSION_MINUTES) * 60_000,
    now: tuning.now ?? Date.now,
    csrf: createCsrf(settings.encryptionKey),
    platformKeys: createPlatformKeys({ timeoutMs: lmsTimeoutMs }),
    allowHttpRegistration: tuning.allowHttpRegistration ?? false,
    lmsTimeoutMs,
    maxLoginStates: settings.loginStatesPerPlatform ?? DEFAULT_LOGIN_STATES_PER_PLATFORM,
    ...(settings.clever
      ? {
          clever: createCleverFrontEnd(settings.clever, { toolUrl, log, timeoutMs: lmsTimeoutMs }),
        }
      : {}),
  };

  const store = createGuardedStore(deps.db, deps.secrets);
  const lti = ltijs.Provider;
  lti.setup(
    settings.encryptionKey,
    { plugin: store },
    {
      appRoute: "/",
      loginRoute: "/login",
      keysetRoute: "/keys",
      dynRegRoute: "/register",
      // Our pages post only to themselves; nothing needs cross-origin reads.
      cors: false,
      // "ltiaas" mode: no session cookie is set or required; the ltik (checked by us) is the session.
      ltiaas: true,
      tokenMaxAge: ID_TOKEN_MAX_AGE_S,
      serverAddon: (app) => installGuards(app, ctx),
    },
  );
  const onLaunch = launchHandler(ctx);
  lti.onConnect(onLaunch);
  lti.onDeepLinking(onLaunch);
  // ltijs's own checks run after ours and rarely refuse; when they do, say so without its JSON (which
  // echoes the request body).
  const refusedByLtijs = (req: express.Request, res: express.Response) => {
    const detail = (res.locals.err as { details?: { message?: string } } | undefined)?.details?.message;
    sendRejection(
      ctx,
      res,
      new LtiRejection("launch_invalid", { cause: new Error(String(detail ?? "ltijs")) }),
      req.path,
    );
  };
  lti.onInvalidToken(refusedByLtijs);
  lti.onSessionTimeout(refusedByLtijs);
  lti.onUnregisteredPlatform((req, res) =>
    sendRejection(ctx, res, new LtiRejection("platform_unknown"), req.path),
  );
  lti.onInactivePlatform((req, res) =>
    sendRejection(ctx, res, new LtiRejection("platform_unknown"), req.path),
  );
  installCourseRoutes(lti.app, ctx);
  installLearnRoutes(lti.app, ctx);
  installStudyRoutes(lti.app, ctx);
  installProgressRoutes(lti.app, ctx);
  installNotificationsRoutes(lti.app, ctx);
  installSessionsRoutes(lti.app, ctx);
  installAskRoutes(lti.app, ctx);
  installRosterRoutes(lti.app, ctx);
  installPrivacyRoutes(lti.app, ctx);
  if (ctx.clever) {
    installCleverHomeRoutes(lti.app, ctx);
    installCleverDistrictRoutes(lti.app, ctx, ctx.clever);
  }
  // Our guard (routes/install-guards.ts) refuses every request without a session of ours before ltijs
  // sees it, and hands ltijs a Clever session's request without its ltik (ltijs has no LMS launch for
  // it). ltijs lets a request without an ltik through only on a whitelisted path: all of them, since the
  // only such requests that reach it are the Clever sessions our guard checked.
  lti.whitelist(/^\//);

  let deployed = false;
  let prune: NodeJS.Timeout | undefined;
  // ltijs's app is Express 4 inside our Express 5. It must be mounted on an app (not a router) so that
  // Express links its request prototype to ours on "mount"; otherwise req.query is lost inside it.
  const host = express();
  host.disable("x-powered-by");
  // The per-address limits read req.ip; ltijs's app inherits this setting when mounted below.
  host.set("trust proxy", settings.trustProxy ?? false);
  const rateLimits = installRateLimits(host, {
    limits: { ...DEFAULT_RATE_LIMITS, ...settings.rateLimits },
    log,
  });
  host.use("/lti", (_req, res, next) => {
    if (deployed) return next();
    sendPage(res, messagePage("StudyHall is starting", "StudyHall is starting. Try again in a moment."), {
      status: 503,
    });
  });
  host.use("/lti", lti.app);
  const router = express.Router();
  router.use(host);

  // One token cache for every LTI Advantage service call of this process; every call has the deadline.
  const lmsFetch = withDeadline(lmsTimeoutMs);
  const serviceTokens = createServiceTokens({ db: deps.db, secrets: deps.secrets, fetch: lmsFetch });
  const jobHandlers: Record<string, JobHandler> = {
    [GRADEBOOK_QUEUE]: createGradebookJobHandler({
      db: deps.db,
      tokens: serviceTokens,
      log,
      fetch: lmsFetch,
    }),
    [RETITLE_QUEUE]: createRetitleJobHandler({ db: deps.db, tokens: serviceTokens, log, fetch: lmsFetch }),
    [ROSTER_QUEUE]: rosterJobHandler({
      db: deps.db,
      tokens: serviceTokens,
      log,
      now: ctx.now,
      fetch: lmsFetch,
    }),
    ...(settings.clever
      ? {
          [CLEVER_SYNC_QUEUE]: cleverSyncJobHandler({
            db: deps.db,
            secrets: deps.secrets,
            log: log.child({ platform: "clever" }),
            clever: { apiUrl: settings.clever.apiUrl, timeoutMs: lmsTimeoutMs },
            now: ctx.now,
            syncHourUtc: settings.clever.syncHourUtc,
          }),
        }
      : {}),
  };

  return {
    router,
    jobHandlers,
    rateLimits,
    async start() {
      // ltijs's deploy() calls process.exit when its database does not connect, and adds a SIGINT
      // handler that exits at once (skipping the app's graceful shutdown). Our store never fails inside
      // deploy (it reports afterwards), and the handler is removed again.
      const sigint = new Set(process.listeners("SIGINT"));
      await lti.deploy({ serverless: true, silent: true });
      for (const listener of process.listeners("SIGINT"))
        if (!sigint.has(listener)) process.off("SIGINT", listener);
      if (store.setupError) {
        throw new AppError(ErrorCode.Config, "LTI storage unavailable", {
          userMessage: "LTI: the database has no LTI tables. Run `studyhall migrate`.",
          cause: store.setupError,
        });
      }
      deployed = true;
      prune = setInterval(() => {
        pruneLtiData(deps.db, ctx.now()).catch((error: unknown) =>
          log.warn({ err: error }, "pruning LTI data failed"),
        );
      }, tuning.pruneIntervalMs ?? 600_000);
      prune.unref();
      // The first nightly roster round; each round schedules the next (keyed by date, so once).
      await scheduleNightlyRoster(deps.db, ctx.now());
      if (settings.clever) {
        await scheduleNightlyCleverSync(deps.db, ctx.now(), settings.clever.syncHourUtc);
      }
      log.info({ toolUrl }, "LTI tool ready");
    },
    async stop() {
      deployed = false;
      if (prune) clearInterval(prune);
      rateLimits.stop();
    },
  };
}
