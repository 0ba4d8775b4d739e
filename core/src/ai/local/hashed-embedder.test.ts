import { describe, expect, it } from "vitest";
import { EMBEDDING_DIMENSIONS } from "../embedder.ts";
import { createHashedEmbedder, hashedVector } from "./hashed-embedder.ts";

const cosine = (a: number[], b: number[]) => a.reduce((sum, v, i) => sum + v * b[i]!, 0);

describe("hashed embedder", () => {
  it("is deterministic, unit length and of the stored width", async () => {
    const [a, b] = await createHashedEmbedder().embed([
      "Mitochondria produce ATP.",
      "Mitochondria produce ATP.",
    ]);
    expect(a).toHaveLength(EMBEDDING_DIMENSIONS);
    expect(a).toEqual(b);
    expect(cosine(a!, a!)).toBeCloseTo(1, 6);
  });

  it("places texts that share words closer than unrelated texts", () => {
    const query = hashedVector("What do mitochondria produce?");
    const related = hashedVector("Mitochondria produce ATP, the energy currency of the cell.");
    const unrelated = hashedVector("The Danube flows into the Black Sea.");
    expect(cosine(query, related)).toBeGreaterThan(cosine(query, unrelated) + 0.2);
  });

  it("gives an empty text the zero vector rather than NaN", () => {
    expect(hashedVector("the of and").every((v) => v === 0)).toBe(true);
  });
});
