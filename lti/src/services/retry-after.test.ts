import { describe, expect, it } from "vitest";
import { retryAfterMs } from "./retry-after.ts";

describe("retryAfterMs", () => {
  const now = Date.parse("2026-12-03T08:00:00Z");

  it("reads delta-seconds and HTTP dates", () => {
    expect(retryAfterMs("1", now)).toBe(1000);
    expect(retryAfterMs(" 30 ", now)).toBe(30_000);
    expect(retryAfterMs("Thu, 03 Dec 2026 08:00:05 GMT", now)).toBe(5000);
    expect(retryAfterMs("Thu, 03 Dec 2026 07:59:00 GMT", now)).toBe(0);
  });

  it("ignores what it does not understand", () => {
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs("", now)).toBeUndefined();
    expect(retryAfterMs("soon", now)).toBeUndefined();
    expect(retryAfterMs("-3", now)).toBeUndefined();
  });
});
