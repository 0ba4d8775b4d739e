import { describe, expect, it } from "vitest";
import type { SkillAttempt } from "./skill-attempts-sql.ts";
import { masteryOf, SKILL_ATTEMPTS_COUNTED, skillsByPerson } from "./skills.ts";

const NOW = new Date("2027-03-10T12:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const attempt = (right: boolean, days: number) => ({ right, at: daysAgo(days) });

describe("masteryOf", () => {
  it("is 0 without attempts, 1 for all right today, 0 for all wrong", () => {
    expect(masteryOf([], NOW)).toBe(0);
    expect(masteryOf([attempt(true, 0), attempt(true, 0)], NOW)).toBe(1);
    expect(masteryOf([attempt(false, 0)], NOW)).toBe(0);
  });

  it("is the share right when every attempt is as old", () => {
    expect(masteryOf([attempt(true, 0), attempt(true, 0), attempt(false, 0), attempt(true, 0)], NOW)).toBe(
      0.75,
    );
  });

  it("weighs an attempt 30 days old half as much as one made now", () => {
    // right now (weight 1), wrong 30 days ago (weight 0.5): 1 / 1.5.
    expect(masteryOf([attempt(true, 0), attempt(false, 30)], NOW)).toBeCloseTo(2 / 3, 10);
    expect(masteryOf([attempt(false, 0), attempt(true, 30)], NOW)).toBeCloseTo(1 / 3, 10);
  });

  it("fades by half after 60 days without an attempt", () => {
    expect(masteryOf([attempt(true, 60)], NOW)).toBeCloseTo(0.5, 10);
    expect(masteryOf([attempt(true, 120)], NOW)).toBeCloseTo(0.25, 10);
    // Both weights are equal (same age), so the share is 1/2, then faded by 0.5^(30/60).
    expect(masteryOf([attempt(true, 30), attempt(false, 30)], NOW)).toBeCloseTo(0.5 * 0.5 ** 0.5, 10);
  });

  it("counts only the latest 20 attempts", () => {
    const old = Array.from({ length: 10 }, () => attempt(false, 2));
    const recent = Array.from({ length: SKILL_ATTEMPTS_COUNTED }, () => attempt(true, 1));
    expect(masteryOf([...old, ...recent], NOW)).toBeCloseTo(0.5 ** (1 / 60), 10);
  });

  it("treats an attempt a little in the future as made now", () => {
    expect(masteryOf([{ right: true, at: new Date(NOW.getTime() + 5_000) }], NOW)).toBe(1);
  });
});

describe("skillsByPerson", () => {
  const row = (userId: string, topic: string, right: boolean, days: number, total = 3): SkillAttempt => ({
    userId,
    topic,
    right,
    at: daysAgo(days),
    total,
  });

  it("groups each person's topics case-insensitively, strongest first, with total attempts and the latest time", () => {
    const skills = skillsByPerson(
      [
        row("u1", "Cells", true, 1),
        row("u1", "cells", false, 2),
        row("u1", "Cells", true, 3),
        row("u1", "Enzymes", true, 0, 1),
        row("u2", "Cells", false, 0, 1),
      ],
      NOW,
    );
    const u1 = skills.get("u1") ?? [];
    expect(u1.map((s) => [s.topic, s.attempts])).toEqual([
      ["Enzymes", 1],
      ["Cells", 3],
    ]);
    expect(u1[1]?.lastAt).toBe(daysAgo(1).toISOString());
    expect(u1[1]?.mastery).toBeLessThan(1);
    expect(skills.get("u2")).toEqual([
      { topic: "Cells", mastery: 0, attempts: 1, lastAt: daysAgo(0).toISOString() },
    ]);
  });
});
