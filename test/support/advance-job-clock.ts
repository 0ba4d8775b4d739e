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
