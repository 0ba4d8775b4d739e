import { setTimeout as sleep } from "node:timers/promises";
import type { Prisma } from "@studyhall/core";
import type { AgsClient, AgsScore } from "../services/ags-client.ts";
import { type DeliveryFailure, describeFailure } from "./delivery-failure.ts";
import { forEachLimited } from "./for-each-limited.ts";
import { gradebookComment } from "./gradebook-score.ts";

/** How hard one job run tries before leaving the rest to its next run. */
export interface DeliveryTuning {
  /** Scores posted at once to one context (default 8). */
  concurrency: number;
  /** Tries per score within one run, the first included (default 3). */
  tries: number;
  /** Wait before the second try; doubles after that (default 500 ms). */
  retryBaseMs: number;
  /** A Retry-After longer than this is left to the job's next run rather than waited out (default 10 s). */
  maxInJobWaitMs: number;
  /** No try starts after this time (ms since the epoch): the run must end within its job lock. */
  deadline: number;
  now: () => number;
}

/** A score owed, with the result it reports. */
export interface PendingScore {
  id: string;
  /** Posts tried before this run (a try whose answer was lost may have arrived). */
  attempts: number;
  subject: string;
  scoreGiven: number;
  scoreMaximum: number;
  activityAt: Date;
  result: {
    score: number;
    rank: number;
    correctCount: number;
    partialCount: number;
    incorrectCount: number;
    unanswered: number;
  };
}

export interface DeliveryOutcome {
  sent: number;
  failed: number;
  /** Still PENDING after this run: to be tried again by the job's next run. */
  pending: number;
  /** The longest Retry-After the platform asked for among the scores left pending. */
  retryAfterMs?: number;
  /** Why the last score left pending is pending. */
  lastError?: string;
  /** Why the LMS refused the last score it refused for good. */
  refusal?: string;
}

/**
 * Posts owed scores to a line item, `concurrency` at a time. Throttling and server errors are tried
 * again within the run (honouring Retry-After), up to `tries`; what is still refused that way stays
 * PENDING for the job's next run. Any other refusal marks the score FAILED with the reason. Each
 * settlement applies only to a score still PENDING, so a score is never posted again once SENT.
 */
export async function deliverScores(
  db: Prisma,
  ags: AgsClient,
  input: {
    lineItemUrl: string;
    venue: string;
    players: number;
    scores: PendingScore[];
    /** Aborted when the job run lost its job: no further try starts (the runner holding it posts). */
    signal?: AbortSignal;
  },
  tuning: DeliveryTuning,
): Promise<DeliveryOutcome> {
  const outcome: DeliveryOutcome = { sent: 0, failed: 0, pending: 0 };
  await forEachLimited(input.scores, tuning.concurrency, async (score) => {
    const result = await deliverOne(db, ags, input, score, tuning);
    if (result === "sent") outcome.sent++;
    else if (result.retry) {
      outcome.pending++;
      outcome.lastError = result.reason;
      if (result.retryAfterMs !== undefined)
        outcome.retryAfterMs = Math.max(outcome.retryAfterMs ?? 0, result.retryAfterMs);
    } else {
      outcome.failed++;
      outcome.refusal = result.reason;
    }
  });
  return outcome;
}

async function deliverOne(
  db: Prisma,
  ags: AgsClient,
  input: { lineItemUrl: string; venue: string; players: number; signal?: AbortSignal },
  score: PendingScore,
  tuning: DeliveryTuning,
): Promise<"sent" | DeliveryFailure> {
  const body = scoreBody(score, input);
  for (let attempt = 1; ; attempt++) {
    if (tuning.now() >= tuning.deadline)
      return { retry: true, reason: "left for the next run (this run's time is up)" };
    if (input.signal?.aborted) return { retry: true, reason: "left for the run that holds the job now" };
    let failure: DeliveryFailure;
    // Counted before the post: if the process dies before it hears the answer, the next run knows
    // this score may already be in the gradebook.
    await db.ltiScore.updateMany({
      where: { id: score.id, status: "PENDING" },
      data: { attempts: { increment: 1 } },
    });
    try {
      await ags.postScore(input.lineItemUrl, body);
      await settle(db, score.id, { status: "SENT", sentAt: new Date(), lastError: null });
      return "sent";
    } catch (error) {
      failure = describeFailure(error);
    }
    // The same score posted again (same timestamp) is refused as not newer than the one on record:
    // an earlier try arrived although its answer was lost (a crash, a timeout, a 5xx after storing).
    if (failure.status === 409 && (score.attempts > 0 || attempt > 1)) {
      await settle(db, score.id, {
        status: "SENT",
        sentAt: new Date(),
        lastError: "the LMS already had this score (an earlier try arrived)",
      });
      return "sent";
    }
    if (!failure.retry) {
      await settle(db, score.id, { status: "FAILED", lastError: failure.reason });
      return failure;
    }
    await settle(db, score.id, { lastError: failure.reason });
    const wait = failure.retryAfterMs ?? tuning.retryBaseMs * 2 ** (attempt - 1);
    const tooLate = tuning.now() + wait >= tuning.deadline;
    const stopped = input.signal?.aborted === true;
    if (attempt >= tuning.tries || wait > tuning.maxInJobWaitMs || tooLate || stopped) return failure;
    await sleep(wait);
  }
}

/** Records the outcome of a try of a score that is still PENDING (one settled elsewhere is left as it is). */
async function settle(
  db: Prisma,
  id: string,
  data: { status?: "SENT" | "FAILED"; sentAt?: Date; lastError: string | null },
): Promise<void> {
  await db.ltiScore.updateMany({ where: { id, status: "PENDING" }, data });
}

function scoreBody(score: PendingScore, input: { venue: string; players: number }): AgsScore {
  const { result } = score;
  return {
    userId: score.subject,
    scoreGiven: score.scoreGiven,
    scoreMaximum: score.scoreMaximum,
    activityProgress: "Completed",
    gradingProgress: "FullyGraded",
    timestamp: score.activityAt.toISOString(),
    comment: gradebookComment({
      venue: input.venue,
      correct: result.correctCount,
      questions: result.correctCount + result.partialCount + result.incorrectCount + result.unanswered,
      points: result.score,
      rank: result.rank,
      players: input.players,
    }),
  };
}
