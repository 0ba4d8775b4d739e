import { describe, expect, it } from "vitest";
import { createRotation } from "./random-rotation.ts";

const dot = (a: number[], b: number[]) => a.reduce((sum, v, i) => sum + v * b[i]!, 0);

describe("random rotation", () => {
  it("preserves dot products and lengths (it is orthogonal)", () => {
    const rotation = createRotation(768);
    const a = Array.from({ length: 768 }, (_, i) => (i % 7 === 0 ? 1 : 0));
    const b = Array.from({ length: 768 }, (_, i) => (i % 5 === 0 ? -0.5 : i % 3 === 0 ? 0.25 : 0));
    expect(dot(rotation.rotate(a), rotation.rotate(b))).toBeCloseTo(dot(a, b), 9);
    expect(dot(rotation.rotate(a), rotation.rotate(a))).toBeCloseTo(dot(a, a), 9);
  });

  it("spreads a one-hot vector over every coordinate", () => {
    const oneHot = Array.from({ length: 768 }, (_, i) => (i === 42 ? 1 : 0));
    const rotated = createRotation(768).rotate(oneHot);
    expect(rotated.filter((x) => Math.abs(x) > 1e-9).length).toBeGreaterThan(700);
  });

  it("is the same rotation every time for the same seed", () => {
    const v = Array.from({ length: 768 }, (_, i) => Math.sin(i));
    expect(createRotation(768).rotate(v)).toEqual(createRotation(768).rotate(v));
  });
});
