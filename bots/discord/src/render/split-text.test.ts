import { describe, expect, it } from "vitest";
import { splitText } from "./split-text.ts";

const sentence = (i: number) => `Sentence ${i} says one more thing about the mitochondria and ATP.`;

describe("splitText", () => {
  it("keeps short text in one part", () => {
    expect(splitText("Mitochondria produce ATP.")).toEqual(["Mitochondria produce ATP."]);
  });

  it("splits 2,500 characters into parts under the limit at sentence ends, losing nothing", () => {
    const text = Array.from({ length: 40 }, (_, i) => sentence(i + 1)).join(" ");
    expect(text.length).toBeGreaterThan(2_500);
    const parts = splitText(text);
    expect(parts.length).toBe(2);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(2_000);
      expect(part).toMatch(/ATP\.$/);
    }
    expect(parts.join(" ")).toBe(text);
  });

  it("prefers paragraph breaks over sentence ends", () => {
    const paragraph = (n: number) => Array.from({ length: 10 }, (_, i) => sentence(n * 10 + i)).join(" ");
    const text = [paragraph(1), paragraph(2), paragraph(3), paragraph(4)].join("\n\n");
    const parts = splitText(text, 1_500);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts[0]!.endsWith(paragraph(2))).toBe(true);
    expect(parts.join("\n\n")).toBe(text);
  });

  it("closes and reopens a code fence cut in two", () => {
    const code = Array.from({ length: 80 }, (_, i) => `line_${i} = compute(${i})`).join("\n");
    const parts = splitText(`Here is code:\n\`\`\`python\n${code}\n\`\`\``, 500);
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(500);
      expect((part.match(/```/g) ?? []).length % 2).toBe(0);
    }
    expect(parts[1]!.startsWith("```python\n")).toBe(true);
  });

  it("hard-cuts a word longer than the limit", () => {
    const parts = splitText("x".repeat(4_500));
    expect(parts.map((p) => p.length)).toEqual([1_996, 1_996, 508]);
  });
});
