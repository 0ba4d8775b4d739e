import { silentLogger } from "@studyhall/core";
import { describe, expect, it } from "vitest";
import { createManualClock } from "../../../../test/support/manual-clock.ts";
import { type BackgroundWork, createBackgroundWork } from "./background-work.ts";

const log = silentLogger();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Queues `jobs` jobs that each wait until the test lets them finish, counting how many run. */
function gatedJobs(work: BackgroundWork, jobs: number) {
  const gates: Array<() => void> = [];
  const state = { running: 0, finished: 0 };
  for (let i = 0; i < jobs; i++) {
    work.run("job", log, async () => {
      state.running += 1;
      await new Promise<void>((resolve) => gates.push(resolve));
      state.running -= 1;
      state.finished += 1;
    });
  }
  /** Lets every running job finish, and waits until those it makes room for have started. */
  const releaseRunning = async () => {
    for (const open of gates.splice(0)) open();
    await new Promise<void>((resolve) => setImmediate(resolve));
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  return { state, releaseRunning };
}

/** Lets the first job start (it always may): work is started on a later turn of the event loop. */
const started = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("background work", () => {
  it("runs one more job per probe while the event loop keeps up, up to the maximum (a remote model)", async () => {
    const clock = createManualClock();
    const work = createBackgroundWork({ min: 1, max: 16, lagThresholdMs: 15, clock });
    const { state, releaseRunning } = gatedJobs(work, 40);
    await started();
    const running = [state.running];
    // Each probe fires on time (no lag): one more job is allowed while jobs wait.
    for (let tick = 0; tick < 20; tick++) {
      await clock.advance(10);
      running.push(state.running);
    }
    expect(running).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 16, 16, 16, 16, 16]);
    while (work.pending > 0) await releaseRunning();
    await work.idle();
    expect(state.finished).toBe(40);
    // Nothing left to do: the probe is stopped.
    expect(clock.pending).toBe(0);
  });

  it("halves the jobs allowed when the event loop lags, and never goes below the minimum", async () => {
    const clock = createManualClock();
    const work = createBackgroundWork({ min: 2, max: 16, lagThresholdMs: 15, clock });
    const { state, releaseRunning } = gatedJobs(work, 40);
    await started();
    for (let tick = 0; tick < 6; tick++) await clock.advance(10);
    expect(state.running).toBe(8);
    // The loop was blocked: the probe fires 30 ms late, and fewer jobs start as room frees up.
    const lateTick = async () => {
      clock.block(40);
      await clock.advance(0);
      await releaseRunning();
      return state.running;
    };
    expect([await lateTick(), await lateTick(), await lateTick()]).toEqual([4, 2, 2]);
    // A probe 10 ms late (under the threshold) lets it grow again.
    clock.block(20);
    await clock.advance(0);
    expect(state.running).toBe(3);
    while (work.pending > 0) {
      await clock.advance(10);
      await releaseRunning();
    }
    expect(state.finished).toBe(40);
  });

  it("holds back jobs that keep the real event loop busy, so new requests are still served", async () => {
    const busy = async () => {
      for (let chunk = 0; chunk < 6; chunk++) {
        const until = performance.now() + 15;
        while (performance.now() < until) {
          // a synchronous stretch, like an embedded-database query
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    // Real time on purpose: the probe must see a real busy loop. Load on the machine only adds lag,
    // which holds jobs back further, so this cannot fail for a busy machine.
    const work = createBackgroundWork({ min: 1, max: 16, lagThresholdMs: 15 });
    let running = 0;
    let peak = 0;
    for (let i = 0; i < 16; i++) {
      work.run("busy", log, async () => {
        running += 1;
        peak = Math.max(peak, running);
        await busy();
        running -= 1;
      });
    }
    await work.idle();
    expect(peak).toBeLessThanOrEqual(4);
  });

  it("logs a failing job and carries on; idle() waits for runNow jobs too", async () => {
    const work = createBackgroundWork({ min: 1, max: 4, lagThresholdMs: 15 });
    const done: string[] = [];
    work.run("fails", log, async () => {
      throw new Error("boom");
    });
    work.run("ok", log, async () => void done.push("queued"));
    const now = work.runNow("now", log, async () => {
      await sleep(20);
      done.push("now");
    });
    expect(work.pending).toBeGreaterThan(0);
    await work.idle();
    await now;
    expect(done.sort()).toEqual(["now", "queued"]);
    expect(work.pending).toBe(0);
  });
});
