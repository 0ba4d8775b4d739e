import {
  CALENDAR_FEED_PATH,
  ErrorCode,
  isAppError,
  type Logger,
  renderCalendarFeed,
  type StudyHallDeps,
} from "@studyhall/core";
import { type Request, type Response, Router } from "express";
import { MemoryStore, rateLimit } from "express-rate-limit";
import { z } from "zod";

/**
 * Feed requests one client address may make a minute. Calendar apps poll each subscribed feed every
 * few minutes to hours, so a campus behind one address with a few hundred subscribers stays far below
 * it; one address cannot keep the database busy guessing tokens.
 */
export const CALENDAR_FEEDS_PER_MINUTE = 120;

/** How long a calendar app or proxy may reuse a feed: a cancelled session shows within five minutes. */
const CACHE_CONTROL = "private, max-age=300";

// A token is core's random URL-safe string; anything else is not a feed we made, so it never reaches
// the database.
const feedFile = z.string().regex(/^[A-Za-z0-9_-]{16,128}\.ics$/);

/**
 * GET `/calendar/<token>.ics`: a course's or a person's study sessions as iCalendar (RFC 5545), for
 * Google Calendar, Outlook or Apple Calendar to subscribe to. The token is the only credential (calendar
 * apps send no cookies), so an unknown one is a plain 404 and a turned-off one 410 Gone with core's
 * sentence, which tells the app to stop polling. Each address is limited per minute.
 */
export function calendarFeedRouter(deps: StudyHallDeps, options: { perMinute?: number } = {}): Router {
  const router = Router();
  const log = deps.logger.child({ component: "calendar-feed" });
  const perMinute = options.perMinute ?? CALENDAR_FEEDS_PER_MINUTE;
  if (perMinute > 0) {
    router.get(
      `${CALENDAR_FEED_PATH}/:file`,
      rateLimit({
        windowMs: 60_000,
        limit: perMinute,
        store: new MemoryStore(),
        standardHeaders: "draft-8",
        legacyHeaders: false,
        identifier: "calendar-feed",
        logger: {
          error: (err: unknown) => log.warn({ err }, "rate limiter check"),
          warn: (err: unknown) => log.warn({ err }, "rate limiter check"),
        },
        handler: (_req: Request, res: Response) => {
          sendText(res, 429, "Too many calendar requests from your network. Try again in a minute.");
        },
      }),
    );
  }
  router.get(`${CALENDAR_FEED_PATH}/:file`, (req, res) => {
    sendFeed(deps, log, req, res).catch((error: unknown) => {
      log.error({ err: error }, "calendar feed failed");
      if (!res.headersSent) sendText(res, 500, "The calendar could not be made. Try again later.");
    });
  });
  return router;
}

async function sendFeed(deps: StudyHallDeps, log: Logger, req: Request, res: Response): Promise<void> {
  const file = feedFile.safeParse(req.params.file);
  if (!file.success) {
    sendText(res, 404, "No such calendar.");
    return;
  }
  const token = file.data.slice(0, -".ics".length);
  try {
    const body = await renderCalendarFeed(deps, token);
    res
      .status(200)
      .set({ "Content-Type": "text/calendar; charset=utf-8", "Cache-Control": CACHE_CONTROL })
      .send(body);
  } catch (error) {
    if (isAppError(error, ErrorCode.NotFound)) {
      sendText(res, 404, "No such calendar.");
      return;
    }
    if (isAppError(error, ErrorCode.Forbidden)) {
      // Never the token in the log: it is the feed's only credential.
      log.info({ status: 410 }, "turned-off calendar feed requested");
      sendText(res, 410, error.userMessage);
      return;
    }
    throw error;
  }
}

function sendText(res: Response, status: number, text: string): void {
  res
    .status(status)
    .set({ "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" })
    .send(`${text}\n`);
}
