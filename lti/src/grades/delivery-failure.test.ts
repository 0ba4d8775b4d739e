import { AppError, ErrorCode } from "@studyhall/core";
import { describe, expect, it } from "vitest";
import { describeFailure } from "./delivery-failure.ts";

const ags = (status: number, extra: Record<string, unknown> = {}) =>
  new AppError(ErrorCode.Upstream, `AGS score answered ${status}: because`, {
    details: { agsStatus: status, ...extra },
  });

describe("describeFailure", () => {
  it("retries throttling, timeouts and server errors, with the platform's Retry-After", () => {
    expect(describeFailure(ags(429, { retryAfterMs: 2000 }))).toEqual({
      retry: true,
      reason: "AGS score answered 429: because",
      status: 429,
      retryAfterMs: 2000,
    });
    expect(describeFailure(ags(408)).retry).toBe(true);
    expect(describeFailure(ags(500)).retry).toBe(true);
    expect(describeFailure(ags(503)).retry).toBe(true);
  });

  it("retries network and token failures, which carry no AGS status", () => {
    const network = new AppError(ErrorCode.Upstream, "POST http://lms failed");
    expect(describeFailure(network)).toEqual({ retry: true, reason: "POST http://lms failed" });
    expect(describeFailure(new Error("socket hang up")).retry).toBe(true);
  });

  it("gives up on other refusals, saying a 409/422 may mean a newer score in the LMS", () => {
    expect(describeFailure(ags(400)).retry).toBe(false);
    expect(describeFailure(ags(401)).retry).toBe(false);
    expect(describeFailure(ags(404)).retry).toBe(false);
    const conflict = describeFailure(ags(409));
    expect(conflict).toMatchObject({ retry: false, status: 409 });
    expect(conflict.reason).toMatch(/refused the score \(409\); it may hold a newer score/);
    expect(describeFailure(ags(422)).reason).toContain("(422)");
  });

  it("gives up when the LMS withheld a scope, with the user-facing explanation", () => {
    const forbidden = new AppError(ErrorCode.Forbidden, "no scope", { userMessage: "Grant the scope." });
    expect(describeFailure(forbidden)).toEqual({ retry: false, reason: "Grant the scope." });
  });

  it("keeps reasons short", () => {
    expect(describeFailure(new Error("x".repeat(2000))).reason.length).toBeLessThanOrEqual(500);
  });
});
