import { describe, expect, it } from "vitest";
import { citationHref, originalFileHref, pageOfAnchor, passageId } from "./citation-link.ts";

const ctx = { toolUrl: "https://tool.example/lti", ltik: "LTIK", csrf: "C" };
const materialId = "7f1c2b1e-3c1a-4c55-9a57-0d7d3f1f0a01";

describe("citationHref", () => {
  it("links a page citation to the passage that starts on that page", () => {
    expect(citationHref(ctx, { materialId, anchor: "p. 4" })).toBe(
      `https://tool.example/lti/learn/materials/${materialId}?ltik=LTIK#page-4`,
    );
    expect(citationHref(ctx, { materialId, anchor: "pp. 4–5" })).toMatch(/#page-4$/);
  });

  it("links a section citation to the section's id, the same the material page gives it", () => {
    const href = citationHref(ctx, { materialId, anchor: "Cells › Membranes & Walls" });
    expect(href).toMatch(/#section-cells-membranes-walls$/);
    expect(passageId({ anchor: "Cells › Membranes & Walls" })).toBe("section-cells-membranes-walls");
  });

  it("keeps letters of any script and percent-encodes them in the link", () => {
    expect(passageId({ anchor: "Größe › Übersicht" })).toBe("section-größe-übersicht");
    expect(citationHref(ctx, { materialId, anchor: "Größe" })).toMatch(/#section-gr%C3%B6%C3%9Fe$/);
  });

  it("links the material's top when the citation has no anchor", () => {
    expect(citationHref(ctx, { materialId, anchor: null })).toBe(
      `https://tool.example/lti/learn/materials/${materialId}?ltik=LTIK`,
    );
    expect(passageId({ anchor: " ›  " })).toBeNull();
  });

  it("prefers a known page over the anchor", () => {
    expect(citationHref(ctx, { materialId, anchor: "Intro", page: 2 })).toMatch(/#page-2$/);
  });
});

describe("originalFileHref", () => {
  it("opens the original at a page with #page=N", () => {
    expect(originalFileHref(ctx, materialId, 3)).toBe(
      `https://tool.example/lti/learn/materials/${materialId}/original?ltik=LTIK#page=3`,
    );
    expect(originalFileHref(ctx, materialId)).not.toContain("#");
  });
});

describe("pageOfAnchor", () => {
  it("reads the first page of a page anchor and nothing from a heading", () => {
    expect(pageOfAnchor("p. 12")).toBe(12);
    expect(pageOfAnchor("pp. 3–5")).toBe(3);
    expect(pageOfAnchor("p. 3 notes")).toBeNull();
    expect(pageOfAnchor("Chapter 1")).toBeNull();
  });
});
