import { describe, expect, it } from "vitest";
import { scoresUrl } from "./ags-client.ts";

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
