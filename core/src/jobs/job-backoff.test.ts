import { describe, expect, it } from "vitest";
import { exponentialBackoff, MAX_BACKOFF_MS, MIN_BACKOFF_MS } from "./job-backoff.ts";

describe("exponentialBackoff", () => {
  it("doubles from 1 s, jittered within the upper half of each step", () => {
    expect(exponentialBackoff(1, () => 1)).toBe(1000);
    expect(exponentialBackoff(2, () => 0)).toBe(1000);
    expect(exponentialBackoff(2, () => 1)).toBe(2000);
    expect(exponentialBackoff(4, () => 0)).toBe(4000);
    expect(exponentialBackoff(4, () => 0.5)).toBe(6000);
    expect(exponentialBackoff(4, () => 1)).toBe(8000);
  });

  it("never waits less than 1 s or more than 5 min, however many attempts", () => {
    for (const attempt of [0, 1, 2, 9, 10, 30, 1000]) {
      for (const r of [0, 0.3, 0.999, 1]) {
        const ms = exponentialBackoff(attempt, () => r);
        expect(ms).toBeGreaterThanOrEqual(MIN_BACKOFF_MS);
        expect(ms).toBeLessThanOrEqual(MAX_BACKOFF_MS);
      }
    }
    expect(exponentialBackoff(1000, () => 1)).toBe(MAX_BACKOFF_MS);
    expect(exponentialBackoff(1000, () => 0)).toBe(MAX_BACKOFF_MS / 2);
  });

  it("spreads jobs that failed together", () => {
    const delays = new Set(Array.from({ length: 50 }, () => exponentialBackoff(6)));
    expect(delays.size).toBeGreaterThan(10);
  });
});
