// A fixed, seeded random rotation of the embedding space. Rotations preserve every dot product, so
// cosine similarities are unchanged; what changes is that sparse hashed vectors become dense, and the
// sign of each coordinate becomes a random-hyperplane bit (SimHash). That is what lets the
// binary-quantised HNSW index (core/src/search/nearest-neighbours.ts) shortlist local vectors well.

const BLOCK = 256;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** In-place orthonormal Walsh–Hadamard transform of each 256-wide block. */
function hadamardBlocks(v: Float64Array): void {
  for (let offset = 0; offset < v.length; offset += BLOCK) {
    for (let h = 1; h < BLOCK; h *= 2) {
      for (let i = offset; i < offset + BLOCK; i += h * 2) {
        for (let j = i; j < i + h; j++) {
          const x = v[j]!;
          const y = v[j + h]!;
          v[j] = x + y;
          v[j + h] = x - y;
        }
      }
    }
  }
  const scale = 1 / Math.sqrt(BLOCK);
  for (let i = 0; i < v.length; i++) v[i]! *= scale;
}

export interface Rotation {
  rotate(vector: readonly number[]): number[];
}

/**
 * Random signs, blockwise Hadamard, a permutation across blocks, three rounds: an orthogonal map that
 * spreads every coordinate over the whole vector. `dimensions` must be a multiple of 256.
 */
export function createRotation(dimensions: number, seed = 20261122): Rotation {
  if (dimensions % BLOCK !== 0) throw new Error(`rotation needs a multiple of ${BLOCK} dimensions`);
  const rng = mulberry32(seed);
  const rounds = Array.from({ length: 3 }, () => {
    const signs = Float64Array.from({ length: dimensions }, () => (rng() < 0.5 ? -1 : 1));
    const permutation = Array.from({ length: dimensions }, (_, i) => i);
    for (let i = dimensions - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [permutation[i], permutation[j]] = [permutation[j]!, permutation[i]!];
    }
    return { signs, permutation };
  });
  return {
    rotate(vector) {
      let v = Float64Array.from(vector);
      for (const { signs, permutation } of rounds) {
        for (let i = 0; i < v.length; i++) v[i]! *= signs[i]!;
        hadamardBlocks(v);
        const next = new Float64Array(v.length);
        for (let i = 0; i < v.length; i++) next[permutation[i]!] = v[i]!;
        v = next;
      }
      return Array.from(v);
    },
  };
}
