import { describe, expect, it } from "vitest";
import { type DeliveryTiming, NOTIFY_MIN_INTERVAL_MS, nextDeliveryAt } from "./delivery-pacing.ts";

const at = (iso: string) => new Date(iso);
const timing = (over: Partial<DeliveryTiming>): DeliveryTiming => ({
  now: at("2027-02-10T15:00:00Z"),
  lastNotifiedAt: null,
  timeZone: "UTC",
  quietStartHour: null,
  quietEndHour: null,
  digest: false,
  digestHour: 18,
  ...over,
});
const next = (over: Partial<DeliveryTiming>) => nextDeliveryAt(timing(over)).toISOString();

describe("nextDeliveryAt", () => {
  it("sends at once with nothing sent before, and a minute after the last message otherwise", () => {
    expect(NOTIFY_MIN_INTERVAL_MS).toBe(60_000);
    expect(next({})).toBe("2027-02-10T15:00:00.000Z");
    expect(next({ lastNotifiedAt: at("2027-02-10T14:59:30Z") })).toBe("2027-02-10T15:00:30.000Z");
    expect(next({ lastNotifiedAt: at("2027-02-10T14:59:00Z") })).toBe("2027-02-10T15:00:00.000Z");
    expect(next({ lastNotifiedAt: at("2027-02-10T10:00:00Z") })).toBe("2027-02-10T15:00:00.000Z");
  });

  it("moves a time inside quiet hours to their end, also when they span midnight", () => {
    const chicago = { timeZone: "America/Chicago" };
    // 9:00 in Chicago (CST, UTC-6), quiet 8 to 12: noon there.
    expect(next({ ...chicago, quietStartHour: 8, quietEndHour: 12 })).toBe("2027-02-10T18:00:00.000Z");
    // Outside them: at once.
    expect(next({ ...chicago, quietStartHour: 12, quietEndHour: 14 })).toBe("2027-02-10T15:00:00.000Z");
    // 23:00 local, quiet 22 to 7: 7:00 the next morning.
    const late = at("2027-02-11T05:00:00Z");
    expect(next({ ...chicago, now: late, quietStartHour: 22, quietEndHour: 7 })).toBe(
      "2027-02-11T13:00:00.000Z",
    );
    // 3:00 local, quiet 22 to 7: 7:00 the same morning.
    const night = at("2027-02-11T09:00:00Z");
    expect(next({ ...chicago, now: night, quietStartHour: 22, quietEndHour: 7 })).toBe(
      "2027-02-11T13:00:00.000Z",
    );
    // Equal start and end mean no quiet hours.
    expect(next({ ...chicago, now: night, quietStartHour: 5, quietEndHour: 5 })).toBe(
      "2027-02-11T09:00:00.000Z",
    );
    // The pace and quiet hours together: a minute after 21:59:30 is 22:00:30, inside them.
    expect(
      next({
        ...chicago,
        now: at("2027-02-11T04:00:00Z"),
        lastNotifiedAt: at("2027-02-11T03:59:30Z"),
        quietStartHour: 22,
        quietEndHour: 7,
      }),
    ).toBe("2027-02-11T13:00:00.000Z");
  });

  it("holds a digest for today's digest hour, or tomorrow's once today's went", () => {
    const digest = { digest: true, digestHour: 18 };
    expect(next(digest)).toBe("2027-02-10T18:00:00.000Z");
    // Today's went at 18:00: the next is tomorrow's, also for something arriving a minute later.
    const sent = at("2027-02-10T18:00:00Z");
    expect(next({ ...digest, now: at("2027-02-10T18:01:00Z"), lastNotifiedAt: sent })).toBe(
      "2027-02-11T18:00:00.000Z",
    );
    // A job running a little late still sends today's digest, once.
    expect(
      next({ ...digest, now: at("2027-02-10T18:00:05Z"), lastNotifiedAt: at("2027-02-09T18:00:00Z") }),
    ).toBe("2027-02-10T18:00:05.000Z");
    // Long past the hour: tomorrow's, not a message at an odd time.
    expect(next({ ...digest, now: at("2027-02-10T21:00:00Z") })).toBe("2027-02-11T18:00:00.000Z");
    // A digest hour inside quiet hours goes when they end.
    expect(next({ ...digest, digestHour: 23, quietStartHour: 22, quietEndHour: 7 })).toBe(
      "2027-02-11T07:00:00.000Z",
    );
    // ... and that morning's run sends it rather than waiting for the next night.
    expect(
      next({
        ...digest,
        digestHour: 23,
        quietStartHour: 22,
        quietEndHour: 7,
        now: at("2027-02-11T07:00:02Z"),
        lastNotifiedAt: at("2027-02-10T07:00:00Z"),
      }),
    ).toBe("2027-02-11T07:00:02.000Z");
  });

  it("keeps local hours across the spring daylight-saving change in New York", () => {
    const ny = "America/New_York";
    // 14 March 2027: clocks go from 2:00 EST to 3:00 EDT. The 18:00 digest is 22:00 UTC that day,
    // 23:00 UTC the day before.
    const digest = { timeZone: ny, digest: true, digestHour: 18 };
    expect(next({ ...digest, now: at("2027-03-13T15:00:00Z") })).toBe("2027-03-13T23:00:00.000Z");
    expect(
      next({ ...digest, now: at("2027-03-14T01:00:00Z"), lastNotifiedAt: at("2027-03-13T23:00:00Z") }),
    ).toBe("2027-03-14T22:00:00.000Z");
    // Quiet 22 to 7 at 1:30 EST: they end at 7:00 EDT, 11:00 UTC (not 12:00 as the day before).
    expect(next({ timeZone: ny, now: at("2027-03-14T06:30:00Z"), quietStartHour: 22, quietEndHour: 7 })).toBe(
      "2027-03-14T11:00:00.000Z",
    );
    expect(next({ timeZone: ny, now: at("2027-03-13T06:30:00Z"), quietStartHour: 22, quietEndHour: 7 })).toBe(
      "2027-03-13T12:00:00.000Z",
    );
  });
});
