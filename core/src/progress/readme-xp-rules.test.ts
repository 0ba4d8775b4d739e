// The README's "What earns XP" table and level sentence are written by hand from xp-rules.ts; this
// test keeps them from drifting apart.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { XpKind } from "../db/generated/enums.ts";
import { levelStartXp, XP_RULES } from "./xp-rules.ts";

const readme = readFileSync(path.join(import.meta.dirname, "../../../README.md"), "utf8");

/** The README table row naming `kind` in backticks, split into its cells. */
function rowOf(kind: string): string[] {
  const line = readme.split("\n").find((l) => l.startsWith("|") && l.includes(`(\`${kind}\`)`));
  if (!line) throw new Error(`README has no XP table row for ${kind}`);
  return line
    .split("|")
    .slice(1, -1)
    .map((cell) => cell.trim());
}

describe("README: what earns XP", () => {
  it("has one row per kind of award with the points and the extra for a right answer of xp-rules.ts", () => {
    expect(Object.keys(XP_RULES).sort()).toEqual(Object.values(XpKind).sort());
    for (const [kind, rule] of Object.entries(XP_RULES)) {
      const [, points, bonus] = rowOf(kind);
      expect({ kind, points: Number(points), bonus: Number(bonus) }).toEqual({
        kind,
        points: rule.points,
        bonus: rule.correctBonus,
      });
    }
  });

  it("states the levels' thresholds as levelStartXp computes them", () => {
    const sentence = `level 2 at ${levelStartXp(2)} XP, level 3 at ${levelStartXp(3)}, level 4 at ${levelStartXp(4)},\n  level 5 at ${levelStartXp(5)}`;
    expect(readme).toContain(sentence);
    const steps = [2, 3, 4].map((l) => levelStartXp(l + 1) - 2 * levelStartXp(l) + levelStartXp(l - 1));
    expect(steps).toEqual([50, 50, 50]);
    expect(readme).toContain("each level takes 50 XP more than the one before");
  });
});
