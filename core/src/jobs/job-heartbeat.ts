import type { Logger } from "../logger.ts";
import type { Clock, Timer } from "../time/clock.ts";
import { extendJobLock, type JobClaim } from "./job-queries.ts";
import type { PrismaLike } from "./job-sql.ts";

/** Why a running handler's signal fired. */
export type LostClaimReason =
  /** Another runner re-claimed the job, or it was cancelled or settled: this run no longer counts. */
  | "claim-lost"
  /** No heartbeat reached the database for a whole lock period: another runner may take the job now. */
  | "lock-lapsed";

/** A running job's heartbeat: keeps its lock while the handler runs, and says when the claim is gone. */
export interface JobHeartbeat {
  /** Aborted (with a {@link LostClaimError}) when this run may no longer act for the job. */
  signal: AbortSignal;
  /** True once a heartbeat found another runner holds the job (or it is gone): record nothing. */
  readonly lost: boolean;
  /** Stops beating; waits for a heartbeat statement in flight, so none lands after the outcome. */
  stop(): Promise<void>;
}

/** The reason a handler's signal carries when its run stopped counting. */
export class LostClaimError extends Error {
  override readonly name = "LostClaimError";
  readonly reason: LostClaimReason;

  constructor(reason: LostClaimReason) {
    super(
      reason === "claim-lost"
        ? "another runner holds this job now (or it was cancelled)"
        : "this runner's lock on the job lapsed (no heartbeat reached the database)",
    );
    this.reason = reason;
  }
}

/**
 * Starts a heartbeat for a claimed job: every `lockMs / 3` the lock is extended by `lockMs`, with a
 * statement that succeeds only while the claim (runner id and attempt) is still this runner's. Two
 * beats may fail (a slow or unreachable database) before the lock can lapse. The signal aborts when a
 * beat finds the claim gone, or when no beat succeeded for a whole `lockMs` by this runner's clock (a
 * database that fails or hangs): the handler should stop at its next step, and a lost run's outcome
 * is not recorded.
 */
export function startJobHeartbeat(options: {
  db: PrismaLike;
  claim: JobClaim;
  lockMs: number;
  clock: Clock;
  log: Logger;
}): JobHeartbeat {
  const { db, claim, lockMs, clock, log } = options;
  const intervalMs = Math.max(1, Math.floor(lockMs / 3));
  const controller = new AbortController();
  let lost = false;
  let stopped = false;
  let beatTimer: Timer | undefined;
  let lapseTimer: Timer | undefined;
  let beating: Promise<void> = Promise.resolve();

  const abort = (reason: LostClaimReason) => {
    if (!controller.signal.aborted) controller.abort(new LostClaimError(reason));
  };

  /** The lock runs until `lockMs` after the statement that set it was sent (the database may be later). */
  function armLapse(renewedAt: number): void {
    lapseTimer?.cancel();
    lapseTimer = clock.setTimer(
      () => {
        lapseTimer = undefined;
        if (!stopped) abort("lock-lapsed");
      },
      Math.max(0, renewedAt + lockMs - clock.now()),
    );
  }

  async function beat(): Promise<void> {
    const sentAt = clock.now();
    try {
      if (await extendJobLock(db, claim, lockMs)) {
        armLapse(sentAt);
        return;
      }
      lost = true;
      log.warn("job's claim was lost while its handler ran; signalling the handler");
      abort("claim-lost");
    } catch (error) {
      // The lapse timer decides: a later beat may still get through in time.
      log.warn({ err: error }, "could not extend a running job's lock");
    }
  }

  function schedule(): void {
    beatTimer = clock.setTimer(() => {
      beatTimer = undefined;
      if (stopped) return;
      beating = beat().then(() => {
        if (!stopped && !lost) schedule();
      });
    }, intervalMs);
  }

  // The claim statement set the lock just before the handler started.
  armLapse(clock.now());
  schedule();
  return {
    signal: controller.signal,
    get lost() {
      return lost;
    },
    async stop() {
      stopped = true;
      beatTimer?.cancel();
      lapseTimer?.cancel();
      await beating;
    },
  };
}
