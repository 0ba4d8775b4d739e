import { silentLogger } from "@studyhall/core";
import { describe, expect, it } from "vitest";
import { createBackgroundWork } from "./background-work.ts";

const log = silentLogger();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `jobs` jobs through a fresh queue and reports the most that ran at once. */
async function peakConcurrency(jobs: number, job: () => Promise<void>): Promise<number> {
  const work = createBackgroundWork({ min: 1, max: 16, lagThresholdMs: 15 });
  let running = 0;
  let peak = 0;
  for (let i = 0; i < jobs; i++) {
    work.run("job", log, async () => {
      running += 1;
      peak = Math.max(peak, running);
      try {
        await job();
      } finally {
        running -= 1;
      }
    });
  }
  await work.idle();
  return peak;
}

describe("background work", () => {
  it("runs many jobs at once when they mostly wait (a remote model)", async () => {
    expect(await peakConcurrency(40, () => sleep(150))).toBeGreaterThanOrEqual(8);
  });

  it("holds back jobs that keep the event loop busy, so new requests are still served", async () => {
    const busy = async () => {
      for (let chunk = 0; chunk < 6; chunk++) {
        const until = performance.now() + 15;
        while (performance.now() < until) {
          // a synchronous stretch, like an embedded-database query
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    expect(await peakConcurrency(16, busy)).toBeLessThanOrEqual(4);
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
