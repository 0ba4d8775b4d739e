import { describe, expect, it } from "vitest";
import { describeReset, describeWait } from "./describe-reset.ts";

const now = new Date("2026-03-10T14:00:00Z");

describe("describeReset", () => {
  it("names the UTC time and the wait, and the day when it is not today", () => {
    expect(describeReset(new Date("2026-03-10T14:05:00Z"), now)).toBe("at 14:05 UTC (in 5 minutes)");
    expect(describeReset(new Date("2026-03-11T09:30:00Z"), now)).toBe(
      "at 09:30 UTC tomorrow (in 19 hours 30 minutes)",
    );
    expect(describeReset(new Date("2026-03-13T14:00:00Z"), now)).toBe(
      "at 14:00 UTC on 2026-03-13 (in 72 hours)",
    );
  });

  it("rounds a wait up to the minute and never says zero", () => {
    expect(describeWait(1)).toBe("in 1 minute");
    expect(describeWait(61_000)).toBe("in 2 minutes");
    expect(describeWait(3_600_000)).toBe("in 1 hour");
    expect(describeWait(-5)).toBe("in 1 minute");
  });
});
