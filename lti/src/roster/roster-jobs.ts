import { type JobHandler, nextDailyRun, type Prisma, RetryLater, scheduleJob } from "@studyhall/core";
import { z } from "zod";
import { NRPS_NOT_OFFERED } from "./roster-failure.ts";
import { type RosterSyncDeps, syncLinkRoster } from "./sync-link-roster.ts";

/** The durable queue of roster work: one context's sync, or the nightly round over every context. */
export const ROSTER_QUEUE = "lti:roster";
/** A sync on launch or on request runs at most this often per context. */
export const ROSTER_THROTTLE_MS = 10 * 60_000;
/** The nightly round starts at this hour (UTC). */
export const NIGHTLY_HOUR_UTC = 3;
/** A failing sync is retried with backoff this many times; the next night's round starts afresh. */
const MAX_ATTEMPTS = 6;

const payloadSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("link"), linkId: z.uuid() }),
  z.object({ kind: z.literal("nightly"), date: z.iso.date() }),
]);

export type RosterRequest = { status: "scheduled" | "throttled" | "unavailable" };

/**
 * Asks for a roster sync of one context, at most once per {@link ROSTER_THROTTLE_MS}: claims the
 * throttle on the link (`rosterSyncStartedAt`) and schedules a durable job in the same transaction,
 * so the caller (a launch, the "Sync now" button) never waits for the sync itself.
 */
export async function requestRosterSync(
  deps: { db: Prisma; now: () => number },
  linkId: string,
): Promise<RosterRequest> {
  const now = new Date(deps.now());
  const link = await deps.db.ltiCourseLink.findUnique({
    where: { id: linkId },
    select: { membershipsUrl: true },
  });
  if (!link) return { status: "unavailable" };
  if (!link.membershipsUrl) {
    // Said on the roster page until a launch brings a memberships URL and a sync succeeds.
    await deps.db.ltiCourseLink.updateMany({
      where: { id: linkId, OR: [{ rosterSyncError: null }, { rosterSyncError: { not: NRPS_NOT_OFFERED } }] },
      data: { rosterSyncError: NRPS_NOT_OFFERED },
    });
    return { status: "unavailable" };
  }
  const cutoff = new Date(now.getTime() - ROSTER_THROTTLE_MS);
  const claimed = await deps.db.$transaction(async (tx) => {
    // One statement decides between two launches at once: the second finds the claim already taken.
    const { count } = await tx.ltiCourseLink.updateMany({
      where: { id: linkId, OR: [{ rosterSyncStartedAt: null }, { rosterSyncStartedAt: { lte: cutoff } }] },
      data: { rosterSyncStartedAt: now },
    });
    if (count === 0) return false;
    // Keyed by the claim: the claim above is what limits syncs to one per 10 minutes.
    await scheduleJob(tx, {
      queue: ROSTER_QUEUE,
      key: `roster:${linkId}:${now.getTime()}`,
      payload: { kind: "link", linkId },
      maxAttempts: MAX_ATTEMPTS,
    });
    return true;
  });
  return { status: claimed ? "scheduled" : "throttled" };
}

/**
 * Schedules the nightly round after `now` (idempotent: keyed by its date). Called when the LTI front end
 * starts, so a fresh install has one, and by each round for the next night.
 */
export async function scheduleNightlyRoster(db: Prisma, now: number): Promise<{ date: string; runAt: Date }> {
  const { date, runAt } = nextDailyRun(now, NIGHTLY_HOUR_UTC);
  await scheduleJob(db, {
    queue: ROSTER_QUEUE,
    key: `roster-nightly:${date}`,
    payload: { kind: "nightly", date },
    runAt,
    maxAttempts: MAX_ATTEMPTS,
  });
  return { date, runAt };
}

/**
 * The job handler of {@link ROSTER_QUEUE}. A context's sync records its outcome on the link; a transient
 * failure (429, 5xx, network) is thrown so the runner retries it with backoff (or after the platform's
 * Retry-After), a lasting one (403 without the scope, NRPS not offered) is not retried. The nightly
 * round schedules one job per context with a memberships URL (keyed per night, so a repeated round
 * adds nothing) and then the next night's round.
 */
export function rosterJobHandler(deps: RosterSyncDeps): JobHandler {
  return async (job) => {
    const payload = payloadSchema.safeParse(job.payload);
    if (!payload.success) {
      deps.log.error({ jobId: job.id }, "roster job with an unreadable payload dropped");
      return;
    }
    if (payload.data.kind === "nightly") return nightlyRound(deps, payload.data.date);
    const outcome = await syncLinkRoster({ ...deps, signal: job.signal }, payload.data.linkId);
    if (outcome.kind !== "failed" || !outcome.failure.transient) return;
    const { message, retryAfterMs } = outcome.failure;
    throw retryAfterMs === undefined ? new Error(message) : new RetryLater(message, retryAfterMs);
  };
}

async function nightlyRound(deps: RosterSyncDeps, date: string): Promise<void> {
  const links = await deps.db.ltiCourseLink.findMany({
    where: { membershipsUrl: { not: null } },
    select: { id: true },
    orderBy: { createdAt: "asc" },
  });
  for (const link of links) {
    await scheduleJob(deps.db, {
      queue: ROSTER_QUEUE,
      key: `roster:${link.id}:nightly:${date}`,
      payload: { kind: "link", linkId: link.id },
      maxAttempts: MAX_ATTEMPTS,
    });
  }
  // The night after this round's, or later if the round itself ran late (no catching up night by night).
  const roundTime = Date.parse(`${date}T${String(NIGHTLY_HOUR_UTC).padStart(2, "0")}:00:00Z`);
  const next = await scheduleNightlyRoster(deps.db, Math.max(deps.now(), roundTime));
  deps.log.info({ date, links: links.length, next: next.date }, "nightly LTI roster round scheduled");
}
