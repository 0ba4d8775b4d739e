import type { Logger } from "@studyhall/core";
import type { Express, NextFunction, Request, Response } from "express";
import { MemoryStore, type RateLimitRequestHandler, rateLimit } from "express-rate-limit";
import { messagePage } from "../pages/message-page.ts";
import { sendPage } from "../routes/respond.ts";
import { LtiRejection } from "./lti-rejection.ts";

/**
 * Requests one client address may make to the tool's open doors, each in its own fixed window. The
 * address is express's `req.ip`: the socket's peer unless the operator set `TRUST_PROXY`; an IPv6
 * address counts with its /56 network (one household or office). 0 turns a limit off.
 */
export interface LtiRateLimits {
  /**
   * `/lti/login` (any method): each starts a login and stores its state. The same number limits, on
   * their own count, Clever's sign-in (`/lti/clever/login` stores a state, `/lti/clever/callback`
   * exchanges a code with Clever).
   */
  loginsPerMinute: number;
  /** `POST /lti`: each launch verifies a signed token against the platform's keys. */
  launchesPerMinute: number;
  /** `/lti/register`: dynamic registration, an administrator's rare act. */
  registrationsPerHour: number;
  /** `POST /lti/course/materials` and `/lti/study/cards/import`: each holds a file in memory. */
  uploadsPerHour: number;
}

/**
 * Generous enough for a school or a lecture hall behind one public address (a district's NAT, campus
 * Wi-Fi) opening StudyHall at the start of class: every launch is one login and one launch POST, so
 * 300 a minute lets five classes of sixty start in the same minute. Tight enough that one address
 * cannot keep the database busy with logins (and the login store is bounded per platform anyway,
 * record-login-state.ts) or tie up memory with uploads (a teacher adds a file per request).
 */
export const DEFAULT_RATE_LIMITS: Readonly<LtiRateLimits> = Object.freeze({
  loginsPerMinute: 300,
  launchesPerMinute: 300,
  registrationsPerHour: 10,
  uploadsPerHour: 120,
});

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** Which requests each limit counts, and the words its refusal uses. */
const DOORS = [
  { name: "login", method: "use", path: "/lti/login", windowMs: MINUTE_MS, what: "sign-ins" },
  {
    name: "cleverSignIn",
    method: "use",
    path: ["/lti/clever/login", "/lti/clever/callback"],
    windowMs: MINUTE_MS,
    what: "sign-ins",
  },
  { name: "launch", method: "post", path: "/lti", windowMs: MINUTE_MS, what: "launches" },
  { name: "register", method: "use", path: "/lti/register", windowMs: HOUR_MS, what: "registrations" },
  // A deck import holds its text file in memory as a material upload does, so both count as uploads.
  {
    name: "upload",
    method: "post",
    path: ["/lti/course/materials", "/lti/study/cards/import"],
    windowMs: HOUR_MS,
    what: "uploads",
  },
] as const;

type DoorName = (typeof DOORS)[number]["name"];

const LIMIT_OF: Record<DoorName, keyof LtiRateLimits> = {
  login: "loginsPerMinute",
  cleverSignIn: "loginsPerMinute",
  launch: "launchesPerMinute",
  register: "registrationsPerHour",
  upload: "uploadsPerHour",
};

export interface InstalledRateLimits {
  /** Forgets every count (an operator lifting a block, or a test starting afresh). */
  resetAll(): Promise<void>;
  /** Stops the stores' window timers. */
  stop(): void;
}

/**
 * Puts the per-address limits in front of the tool's open doors on `host`, before ltijs parses a body
 * or a page touches the database, so a refused request costs a counter lookup and nothing else. Counts
 * live in this process's memory (express-rate-limit's MemoryStore): with several replicas behind a
 * load balancer, each replica counts on its own.
 *
 * A refusal is a 429 with `Retry-After`: a short page, or JSON (`{ ok: false, reason, message,
 * retryAfterSeconds }`) when the request asks for JSON, as the course page's upload script does. It is
 * logged once per address and window (the first request over the limit), with the client address the
 * limit counted, the door and the path, never the query (login hints) or a token: a flood must not
 * become a flood of log lines.
 */
export function installRateLimits(
  host: Express,
  options: { limits: LtiRateLimits; log: Logger },
): InstalledRateLimits {
  const stores: MemoryStore[] = [];
  for (const door of DOORS) {
    const limit = options.limits[LIMIT_OF[door.name]];
    if (limit <= 0) continue;
    const store = new MemoryStore();
    stores.push(store);
    const limiter: RateLimitRequestHandler = rateLimit({
      windowMs: door.windowMs,
      limit,
      store,
      standardHeaders: "draft-8",
      legacyHeaders: false,
      identifier: door.name,
      // The library's own checks (e.g. X-Forwarded-For sent while no proxy is trusted: a TRUST_PROXY
      // that is missing, or a client trying its luck) go to our log, once each, not to stderr.
      logger: {
        error: (err: unknown) => options.log.warn({ err, limit: door.name }, "rate limiter check"),
        warn: (err: unknown) => options.log.warn({ err, limit: door.name }, "rate limiter check"),
      },
      handler: (req: Request, res: Response, _next: NextFunction) => refuse(req, res, door, options.log),
    });
    if (door.method === "use") host.use([door.path].flat(), limiter);
    else host.post([door.path].flat(), limiter);
  }
  return {
    async resetAll() {
      await Promise.all(stores.map((store) => store.resetAll()));
    },
    stop() {
      for (const store of stores) store.shutdown();
    },
  };
}

function refuse(req: Request, res: Response, door: (typeof DOORS)[number], log: Logger): void {
  const info = (req as Request & { rateLimit?: { limit: number; used: number; resetTime?: Date } }).rateLimit;
  const retryAfterS = retryAfterSeconds(res, info?.resetTime, door.windowMs);
  res.set({ "Retry-After": String(retryAfterS), "Cache-Control": "no-store" });
  const rejection = new LtiRejection("rate_limited", {
    userMessage: `Too many ${door.what} from your network. Try again in ${waitText(retryAfterS)}.`,
  });
  if (info && info.used === info.limit + 1) {
    log.warn(
      {
        reason: rejection.reason,
        status: rejection.status,
        limit: door.name,
        client: req.ip,
        method: req.method,
        path: pathOf(req),
        retryAfterS,
      },
      "LTI request refused",
    );
  }
  if (req.accepts(["html", "json"]) === "json") {
    res.status(rejection.status).json({
      ok: false,
      reason: rejection.reason,
      message: rejection.userMessage,
      retryAfterSeconds: retryAfterS,
    });
    return;
  }
  sendPage(res, messagePage("Please wait a moment", rejection.userMessage), { status: rejection.status });
}

/** The request's path on the server, without its query (a login's query names the person). */
function pathOf(req: Request): string {
  return req.originalUrl.split("?", 1)[0] ?? req.path;
}

/** The limiter's own Retry-After when it set one, else the time to the window's end. */
function retryAfterSeconds(res: Response, resetTime: Date | undefined, windowMs: number): number {
  const set = Number(res.getHeader("Retry-After"));
  if (Number.isInteger(set) && set > 0) return set;
  const ms = resetTime ? resetTime.getTime() - Date.now() : windowMs;
  return Math.max(1, Math.ceil(ms / 1000));
}

function waitText(seconds: number): string {
  if (seconds < 90) return seconds === 1 ? "a second" : `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}
