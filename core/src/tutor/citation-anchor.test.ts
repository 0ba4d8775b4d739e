import { describe, expect, it } from "vitest";
import { citationAnchor } from "./citation-anchor.ts";

describe("citationAnchor", () => {
  it("drops the material's title from the front of a section path", () => {
    expect(citationAnchor("Week 3", "Week 3 › The Kessel aquifer")).toBe("The Kessel aquifer");
    expect(citationAnchor("Week 3", "Week 3 › Aquifers › The Kessel aquifer")).toBe(
      "Aquifers › The Kessel aquifer",
    );
  });

  it("matches the title whatever its case, spacing and punctuation, or a file name's extension", () => {
    expect(citationAnchor("week  3:", "Week 3 › Recharge")).toBe("Recharge");
    expect(citationAnchor("Week 3.md", "Week 3 › Recharge")).toBe("Recharge");
  });

  it("gives no anchor when the anchor is only the title", () => {
    expect(citationAnchor("Week 3", "Week 3")).toBeNull();
  });

  it("keeps page anchors, other headings, and a heading that only begins like the title", () => {
    expect(citationAnchor("Week 3", "p. 4")).toBe("p. 4");
    expect(citationAnchor("Week 3", "Aquifers › Week 3")).toBe("Aquifers › Week 3");
    expect(citationAnchor("Week 3", "Week 30 › Rivers")).toBe("Week 30 › Rivers");
    expect(citationAnchor("Week 3", null)).toBeNull();
  });
});
