import { describe, expect, it } from "vitest";
import { RetryLater, requestedRetryDelay } from "./retry-later.ts";

describe("requestedRetryDelay", () => {
  it("reads the delay of a RetryLater", () => {
    const error = new RetryLater("429 Too Many Requests", 30_000);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe("429 Too Many Requests");
    expect(requestedRetryDelay(error)).toBe(30_000);
  });

  it("reads retryAfterMs from any error that carries one", () => {
    const error = Object.assign(new Error("rate limited"), { retryAfterMs: 1500 });
    expect(requestedRetryDelay(error)).toBe(1500);
    expect(requestedRetryDelay(new RetryLater("now", 0))).toBe(0);
  });

  it("ignores errors without a usable delay, so the runner's backoff applies", () => {
    expect(requestedRetryDelay(new Error("boom"))).toBeUndefined();
    expect(requestedRetryDelay("boom")).toBeUndefined();
    expect(requestedRetryDelay(null)).toBeUndefined();
    expect(requestedRetryDelay({ retryAfterMs: "5" })).toBeUndefined();
    expect(requestedRetryDelay({ retryAfterMs: -1 })).toBeUndefined();
    expect(requestedRetryDelay({ retryAfterMs: Number.POSITIVE_INFINITY })).toBeUndefined();
  });
});
