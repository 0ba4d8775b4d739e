// Moving time for tests of durable jobs: the use cases read the test's clock (deps.clock), while the
// job runner compares a job's runAt with the database's own now(), which a test cannot move. Moving
// both together keeps them in step: the clock goes forward by `ms`, and every unfinished job comes
// `ms` nearer, so the runner finds due exactly the jobs that would be due had `ms` passed.
import type { Prisma } from "@studyhall/core";

/** A clock a test moves by hand; pass `now` as deps.clock. */
export interface TestClock {
  now(): Date;
  advance(ms: number): void;
}

/** A clock that stands at `start` until moved. */
export function createTestClock(start: Date): TestClock {
  let at = start.getTime();
  return {
    now: () => new Date(at),
    advance(ms) {
      at += ms;
    },
  };
}

/** Moves `clock` forward by `ms` and every job not yet done or given up `ms` earlier. */
export async function advanceJobClock(
  db: Prisma,
  clock: Pick<TestClock, "advance">,
  ms: number,
): Promise<void> {
  clock.advance(ms);
  await db.$executeRaw`UPDATE "ScheduledJob" SET "runAt" = "runAt" - ${ms}::float8 * interval '1 millisecond' WHERE "doneAt" IS NULL AND "failedAt" IS NULL`;
}

/**
 * A test clock kept in step with the job runner across many moves, also for jobs created after a move.
 * A use case schedules with the test's clock (a reminder's delivery at "now" is the clock's now, ahead
 * of the database's by everything advanced so far), so each job the clock has not seen yet is first
 * brought back by that lead, then moved with the rest. Call `catchUp` while waiting for a job that a
 * job just scheduled; `advance` catches up first.
 */
export interface JobClock extends TestClock {
  /** Brings jobs created since the last call back by the clock's lead over real time. */
  catchUp(): Promise<void>;
  /** Moves the clock and every unfinished job by `ms` (after catching up). */
  advance(ms: number): Promise<void>;
}

/** A job clock standing at `start` (default: now); jobs already stored are taken as on real time. */
export async function createJobClock(db: Prisma, start: Date = new Date()): Promise<JobClock> {
  const clock = createTestClock(start);
  const seen = new Set<string>();
  const unfinished = () =>
    db.scheduledJob.findMany({ where: { doneAt: null, failedAt: null }, select: { id: true } });
  for (const job of await unfinished()) seen.add(job.id);
  const catchUp = async () => {
    const lead = clock.now().getTime() - Date.now();
    for (const { id } of await unfinished()) {
      if (seen.has(id)) continue;
      seen.add(id);
      if (lead > 0)
        await db.$executeRaw`UPDATE "ScheduledJob" SET "runAt" = "runAt" - ${lead}::float8 * interval '1 millisecond' WHERE "id" = ${id}::uuid`;
    }
  };
  return {
    now: clock.now,
    catchUp,
    async advance(ms) {
      await catchUp();
      await advanceJobClock(db, clock, ms);
    },
  };
}
