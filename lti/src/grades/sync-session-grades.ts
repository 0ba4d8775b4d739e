import {
  countSessionPlayers,
  findSpaceName,
  type Logger,
  notifyGradeSent,
  type Prisma,
} from "@studyhall/core";
import { createAgsClient } from "../services/ags-client.ts";
import type { ServiceTokens } from "../services/service-token.ts";
import { type DeliveryTuning, deliverScores } from "./deliver-scores.ts";
import { describeFailure } from "./delivery-failure.ts";
import { ensureLineItem, gradebookScopes } from "./ensure-line-item.ts";
import { sessionVenue } from "./gradebook-score.ts";
import {
  type GradebookLink,
  type GradebookSession,
  loadGradebookSession,
  recordOwedScores,
} from "./record-owed-scores.ts";

export interface GradeSyncDeps {
  db: Prisma;
  tokens: ServiceTokens;
  log: Logger;
  /** Calls to the LMS; default lms-fetch.ts's, with its deadline. */
  fetch?: typeof globalThis.fetch;
  /** This run's job signal: aborts the LMS calls in flight and stops further tries once the run lost its job. */
  signal?: AbortSignal;
}

export interface SyncOutcome {
  sent: number;
  failed: number;
  /** Scores of the session still owed after this run. */
  pending: number;
  retryAfterMs?: number;
  lastError?: string;
}

/**
 * One run of a session's gradebook sync: for each LMS context of the course that takes scores, record
 * what the session owes it, make sure the quiz has a line item there, and post the owed scores. Safe
 * to run any number of times: it only ever posts scores still PENDING.
 */
export async function syncSessionGrades(
  deps: GradeSyncDeps,
  sessionId: string,
  tuning: DeliveryTuning,
): Promise<SyncOutcome> {
  const log = deps.log.child({ sessionId });
  const outcome: SyncOutcome = { sent: 0, failed: 0, pending: 0 };
  const loaded = await loadGradebookSession(deps.db, sessionId, log);
  if (!loaded) {
    log.info("quiz session is gone; no grades owed");
    return outcome;
  }
  const { session, links } = loaded;
  const players = await countSessionPlayers(deps.db, sessionId);
  const venue = sessionVenue(session, await spaceName(deps.db, session));
  for (const link of links) {
    const linkLog = log.child({ linkId: link.id, contextId: link.contextId });
    const result = await syncLink(deps, { session, link, venue, players }, tuning, linkLog);
    outcome.sent += result.sent;
    outcome.failed += result.failed;
    outcome.pending += result.pending;
    if (result.lastError) outcome.lastError = result.lastError;
    if (result.retryAfterMs !== undefined)
      outcome.retryAfterMs = Math.max(outcome.retryAfterMs ?? 0, result.retryAfterMs);
  }
  return outcome;
}

async function syncLink(
  deps: GradeSyncDeps,
  input: { session: GradebookSession; link: GradebookLink; venue: string; players: number },
  tuning: DeliveryTuning,
  log: Logger,
): Promise<SyncOutcome> {
  const { db } = deps;
  const { session, link } = input;
  await recordOwedScores(db, { session, link }, log);
  const scores = await db.ltiScore.findMany({
    where: { linkId: link.id, status: "PENDING", result: { sessionId: session.id } },
    select: {
      id: true,
      attempts: true,
      subject: true,
      scoreGiven: true,
      scoreMaximum: true,
      activityAt: true,
      result: {
        select: {
          score: true,
          rank: true,
          correctCount: true,
          partialCount: true,
          incorrectCount: true,
          unanswered: true,
        },
      },
    },
    orderBy: { createdAt: "asc" },
  });
  if (scores.length === 0) return { sent: 0, failed: 0, pending: 0 };
  const ags = createAgsClient({
    tokens: deps.tokens,
    platformId: link.platformId,
    scopes: gradebookScopes(link),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  let lineItemUrl: string;
  try {
    lineItemUrl = await ensureLineItem(db, ags, { link, session }, log);
  } catch (error) {
    const failure = describeFailure(error);
    const ids = scores.map((s) => s.id);
    // Every score of the context waits on its line item: they share its fate.
    await db.ltiScore.updateMany({
      where: { id: { in: ids }, status: "PENDING" },
      data: failure.retry ? { lastError: failure.reason } : { status: "FAILED", lastError: failure.reason },
    });
    log.warn(
      { err: error, scores: ids.length, retry: failure.retry },
      "could not find or create the quiz's line item",
    );
    return failure.retry
      ? {
          sent: 0,
          failed: 0,
          pending: ids.length,
          lastError: failure.reason,
          ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
        }
      : { sent: 0, failed: ids.length, pending: 0, lastError: failure.reason };
  }
  const delivered = await deliverScores(
    db,
    ags,
    {
      lineItemUrl,
      venue: input.venue,
      players: input.players,
      scores,
      ...(deps.signal ? { signal: deps.signal } : {}),
    },
    tuning,
  );
  if (delivered.sent > 0)
    await notifySent(
      db,
      session,
      scores.map((s) => s.id),
      new Date(tuning.now()),
      log,
    );
  const { sent, failed, pending, refusal, lastError } = delivered;
  if (failed > 0 || pending > 0)
    log.warn({ sent, failed, pending, refusal, lastError }, "the LMS did not take every score");
  else log.info({ sent }, "scores posted to the LMS gradebook");
  return delivered;
}

/**
 * Tells each student whose score this run posted that it reached the gradebook (core's GRADE_SENT
 * notification, once per session however many runs or LMS contexts). A failure here is logged, not
 * thrown: the scores are posted and must not be posted again.
 */
async function notifySent(
  db: Prisma,
  session: GradebookSession,
  ids: string[],
  now: Date,
  log: Logger,
): Promise<void> {
  try {
    const rows = await db.ltiScore.findMany({
      where: { id: { in: ids }, status: "SENT" },
      select: { userId: true },
    });
    for (const { userId } of rows) {
      await notifyGradeSent(
        db,
        { userId, courseId: session.courseId, quizTitle: session.quizTitle, sessionId: session.id },
        { now },
      );
    }
  } catch (error) {
    log.warn({ err: error }, "could not notify students that their scores were sent");
  }
}

/** The chat channel's name, if the session was played in a space StudyHall knows by name. */
async function spaceName(db: Prisma, session: GradebookSession): Promise<string | null> {
  if (session.platform === "LTI") return null;
  return findSpaceName(db, {
    courseId: session.courseId,
    platform: session.platform,
    tenant: session.tenant,
    externalId: session.spaceId,
  });
}
