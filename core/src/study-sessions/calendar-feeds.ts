import { createHash, randomBytes } from "node:crypto";
import type { StudyHallDeps } from "../deps.ts";
import { AppError, ErrorCode, isAppError } from "../errors/app-error.ts";
import type { Actor } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { type CalendarEvent, writeCalendar } from "./ical.ts";
import { sessionDescription } from "./session-replies.ts";
import { loadSessionViews } from "./session-view.ts";

/** Where feeds are served: `${publicUrl}/calendar/<token>.ics`. */
export const CALENDAR_FEED_PATH = "/calendar";

/** How far back a feed reaches, and how many sessions it holds at most. */
const FEED_PAST_DAYS = 60;
const FEED_MAX_EVENTS = 500;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
const sealContext = (feedId: string) => `CalendarFeed ${feedId}`;

/** A token's shape: 32 url-safe characters (24 random bytes). Anything else is not one of ours. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{32}$/;

/**
 * The secret iCalendar address of a course's sessions (`courseId`) or of the person's own, across their
 * courses (`courseId` null), made on first ask. `renew` replaces it with a new address, and the old
 * one is refused from then on: a person renews their own, staff renew a course's (anyone in the
 * course may read its address). The secret is kept as its hash for lookups and sealed under the
 * deployment's key to be shown again; if the key changed without re-sealing, a new address is made.
 */
export async function calendarFeedLink(
  deps: StudyHallDeps,
  input: { actor: Actor; courseId: string | null; renew?: boolean },
): Promise<{ url: string; renewed: boolean }> {
  const owner = await feedOwner(deps, input.actor, input.courseId, input.renew ? "manage" : "read");
  const { db } = deps;
  const active = await db.calendarFeed.findFirst({
    where: { ...owner.where, revokedAt: null },
    orderBy: { createdAt: "desc" },
  });
  if (active && !input.renew) {
    try {
      return {
        url: feedUrl(deps, deps.secrets.open(active.tokenSealed, sealContext(active.id))),
        renewed: false,
      };
    } catch (error) {
      if (!isAppError(error, ErrorCode.SecretUnreadable)) throw error;
      deps.logger.warn({ feedId: active.id }, "calendar feed secret unreadable; making a new address");
    }
  }
  const token = randomBytes(24).toString("base64url");
  const now = deps.clock();
  await db.$transaction(async (tx) => {
    await tx.calendarFeed.updateMany({
      where: { ...owner.where, revokedAt: null },
      data: { revokedAt: now },
    });
    const feed = await tx.calendarFeed.create({
      data: { ...owner.data, createdById: owner.userId, tokenHash: hashToken(token), tokenSealed: "" },
    });
    await tx.calendarFeed.update({
      where: { id: feed.id },
      data: { tokenSealed: deps.secrets.seal(token, sealContext(feed.id)) },
    });
  });
  return { url: feedUrl(deps, token), renewed: Boolean(active) };
}

/** Turns the address off: it is refused from now on. Returns whether one was on. */
export async function revokeCalendarFeed(
  deps: StudyHallDeps,
  input: { actor: Actor; courseId: string | null },
): Promise<boolean> {
  const owner = await feedOwner(deps, input.actor, input.courseId, "manage");
  const { count } = await deps.db.calendarFeed.updateMany({
    where: { ...owner.where, revokedAt: null },
    data: { revokedAt: deps.clock() },
  });
  return count > 0;
}

/**
 * The iCalendar body a feed's address serves: its course's sessions, or the person's sessions in the
 * open courses they are still in (as their session list), from {@link FEED_PAST_DAYS} days back. An unknown token is NotFound; a
 * revoked one is refused with a sentence saying how to get the new address.
 */
export async function renderCalendarFeed(deps: StudyHallDeps, token: string): Promise<string> {
  const unknown = new AppError(ErrorCode.NotFound, "unknown calendar feed", {
    userMessage: "There is no calendar at this address.",
  });
  if (!TOKEN_SHAPE.test(token)) throw unknown;
  const { db } = deps;
  const feed = await db.calendarFeed.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { course: { select: { name: true } } },
  });
  if (!feed) throw unknown;
  if (feed.revokedAt) {
    throw new AppError(ErrorCode.Forbidden, "revoked calendar feed", {
      userMessage:
        "This calendar link was turned off. Get the current link with `calendar` in chat, or on the course's Sessions page.",
      details: { feedId: feed.id },
    });
  }
  const courseIds = feed.courseId
    ? [feed.courseId]
    : (
        await db.enrollment.findMany({
          where: { userId: feed.userId ?? "", removedAt: null, course: { archivedAt: null } },
          select: { courseId: true },
        })
      ).map((e) => e.courseId);
  const now = deps.clock();
  const views = await loadSessionViews(
    db,
    { courseId: { in: courseIds }, startsAt: { gte: new Date(now.getTime() - FEED_PAST_DAYS * 86_400_000) } },
    { orderBy: { startsAt: "asc" }, take: FEED_MAX_EVENTS },
  );
  const events: CalendarEvent[] = views.map((v) => ({
    uid: `${v.id}@studyhall`,
    start: v.startsAt,
    end: v.endsAt,
    summary: feed.courseId ? v.title : `${v.title} (${v.courseName})`,
    description: sessionDescription(v),
    cancelled: v.status === "CANCELLED",
    modified: v.updatedAt,
  }));
  const name = feed.course ? `${feed.course.name}: study sessions` : "My study sessions";
  return writeCalendar(name, events, now);
}

function feedUrl(deps: StudyHallDeps, token: string): string {
  return `${deps.publicUrl}${CALENDAR_FEED_PATH}/${token}.ics`;
}

/** Whose feed it is, and whether the actor may read or manage it. */
async function feedOwner(
  deps: StudyHallDeps,
  actor: Actor,
  courseId: string | null,
  need: "read" | "manage",
): Promise<{
  userId: string;
  where: { courseId: string } | { userId: string; courseId: null };
  data: { courseId: string } | { userId: string };
}> {
  const { userId } = await resolveUser(deps.db, actor);
  if (!courseId) return { userId, where: { userId, courseId: null }, data: { userId } };
  const enrollment = await deps.db.enrollment.findUnique({
    where: { courseId_userId: { courseId, userId } },
  });
  if (!enrollment || enrollment.removedAt) {
    throw new AppError(ErrorCode.Forbidden, "not a member of the feed's course", {
      userMessage: "You are not a member of this course, so its calendar is not yours to share.",
    });
  }
  if (need === "manage" && enrollment.role !== "STAFF") {
    throw new AppError(ErrorCode.Forbidden, "only staff manage a course feed", {
      userMessage:
        "Only course staff can renew or turn off the course's calendar link. Your own calendar (`calendar`) is yours to renew.",
    });
  }
  return { userId, where: { courseId }, data: { courseId } };
}
