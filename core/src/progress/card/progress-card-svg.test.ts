import { Resvg } from "@resvg/resvg-js";
import { describe, expect, it } from "vitest";
import { sampleProgressView } from "../../../../test/support/progress-view-fixture.ts";
import { progressAltText } from "./progress-alt-text.ts";
import { progressCardSvg } from "./progress-card-svg.ts";

const HOSTILE = `</text><script>alert("x")</script><text a='b' & "c"\u0000\u0007`;

describe("progressCardSvg", () => {
  it("is an image with a title and the alt text as its description", () => {
    const view = sampleProgressView();
    const svg = progressCardSvg(view);
    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-labelledby="progress-card-title progress-card-desc"/);
    expect(svg).toContain('<title id="progress-card-title">Progress of Ada Lovelace in Biology 101</title>');
    expect(svg).toContain(
      `<desc id="progress-card-desc">${progressAltText(view).replaceAll("'", "&apos;")}</desc>`,
    );
  });

  it("escapes names, course names, topics and suggestions, and drops characters XML forbids", () => {
    const view = sampleProgressView({
      displayName: HOSTILE,
      course: { id: "c1", name: HOSTILE },
      skills: [{ topic: HOSTILE, mastery: 0.2, attempts: 3, lastAt: "2027-03-13T10:00:00.000Z" }],
      weakest: [
        {
          topic: HOSTILE,
          mastery: 0.2,
          attempts: 3,
          lastAt: "2027-03-13T10:00:00.000Z",
          suggestion: { kind: "practice", quizId: "q1", title: HOSTILE },
        },
      ],
    });
    const svg = progressCardSvg(view);
    expect(svg).not.toContain("<script");
    expect(svg).not.toContain("</text><");
    expect(svg.includes("\u0000") || svg.includes("\u0007")).toBe(false);
    expect(svg).toContain("&lt;/text&gt;&lt;script&gt;alert(&quot;x&quot;)");
    expect(svg).toContain("a=&apos;b&apos; &amp; &quot;c&quot;");
    // A strict XML parser (resvg's) accepts it, and the hostile text stayed text: still one <script>-free tree.
    expect(() => new Resvg(svg, { font: { loadSystemFonts: false } })).not.toThrow();
    expect(svg.match(/<text /g)?.length).toBe(
      progressCardSvg(sampleProgressView({ ...view, displayName: "A" })).match(/<text /g)?.length,
    );
  });

  it("draws at most six skills, strongest first, with their percentages", () => {
    const svg = progressCardSvg(sampleProgressView());
    expect(svg).toContain(">Cell structure</text>");
    expect(svg).toContain(">94%</text>");
    expect(svg).toContain(">Membrane transport</text>");
    expect(svg).not.toContain(">Ecology</text>");
    expect(svg.indexOf("Cell structure")).toBeLessThan(svg.indexOf("Photosynthesis"));
    expect(svg).toContain("Weakest: Mendelian genetics (34%)");
    expect(svg).toContain("Try: practice Genetics review");
  });

  it("cuts a long topic with an ellipsis instead of running into its bar", () => {
    const topic = "The regulation of gene expression in eukaryotic cells";
    const svg = progressCardSvg(
      sampleProgressView({
        skills: [{ topic, mastery: 0.5, attempts: 1, lastAt: "2027-03-13T10:00:00.000Z" }],
      }),
    );
    expect(svg).toContain(">The regulation of gene…</text>");
    expect(svg).not.toContain(`>${topic.slice(0, 25)}`);
  });

  it("draws one bar for each day with XP, today's in its own colour", () => {
    const view = sampleProgressView();
    const svg = progressCardSvg(view);
    const bars = svg.match(/<rect [^>]*fill="#(1d4ed8|047857)"\/>/g) ?? [];
    const withXp = view.last30Days.filter((d) => d.xp > 0).length;
    // The level bar and the five skills at 50% or more share the blue; "Membrane transport" (49%) is amber.
    const levelAndStrongSkills = 1 + 5;
    expect(bars).toHaveLength(withXp + levelAndStrongSkills);
    expect(svg.match(/fill="#047857"/g)).toHaveLength(1);
    expect(svg).toContain("Feb 13");
  });

  it("says what to do when there is nothing to show yet", () => {
    const base = sampleProgressView();
    const svg = progressCardSvg(
      sampleProgressView({
        course: null,
        skills: [],
        weakest: [],
        streak: { current: 0, longest: 0, activeToday: false, freezeAvailable: true, frozenDates: [] },
        last30Days: base.last30Days.map((d) => ({ ...d, xp: 0 })),
      }),
    );
    expect(svg).toContain("All courses");
    expect(svg).toContain("No skills yet: answer quiz questions");
    expect(svg).toContain("no XP yet");
    expect(svg).toContain("Study today to start one");
    expect(svg).toContain("Freeze available this week");
    expect(svg).not.toContain("Weakest:");
  });
});
