import { describe, expect, it } from "vitest";
import { retryAfterMs, scoresUrl } from "./ags-client.ts";

describe("scoresUrl", () => {
  it("appends /scores to the line item's path, before any query string", () => {
    expect(scoresUrl("https://canvas.example/api/lti/courses/7/line_items/31")).toBe(
      "https://canvas.example/api/lti/courses/7/line_items/31/scores",
    );
    expect(scoresUrl("https://moodle.example/mod/lti/services.php/2/lineitems/9/lineitem?type_id=1")).toBe(
      "https://moodle.example/mod/lti/services.php/2/lineitems/9/lineitem/scores?type_id=1",
    );
    expect(scoresUrl("https://lms.example/items/5/")).toBe("https://lms.example/items/5/scores");
  });
});

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
