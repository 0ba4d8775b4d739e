// Synthetic course text for benchmarks: Zipf-distributed words from a fixed vocabulary, so full-text
// and vector search see realistic skew (a few very common terms, a long tail of rare ones).

/** A small deterministic PRNG (mulberry32) so every run builds the same corpus. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = [
  "ka",
  "lo",
  "mi",
  "nu",
  "pe",
  "ra",
  "si",
  "to",
  "ve",
  "zo",
  "bri",
  "cla",
  "dro",
  "fen",
  "gal",
  "hol",
  "jun",
  "mar",
  "nor",
  "pil",
];

/** A vocabulary of `size` pronounceable made-up words (no English stopwords among them). */
export function vocabulary(size: number, rng: () => number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    const n = 2 + Math.floor(rng() * 3);
    let word = "";
    for (let i = 0; i < n; i++) word += SYLLABLES[Math.floor(rng() * SYLLABLES.length)];
    words.add(word);
  }
  return [...words];
}

/** Draws word indexes with probability ∝ 1/rank. */
export function zipf(size: number, rng: () => number): () => number {
  const weights = Array.from({ length: size }, (_, i) => 1 / (i + 1));
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) {
    sum += w;
    cumulative.push(sum);
  }
  return () => {
    const target = rng() * sum;
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** `count` passages of about `words` words, as sentences of 8–16 words. */
export function passages(count: number, words: number, seed: number): string[] {
  const rng = random(seed);
  const vocab = vocabulary(5000, rng);
  const draw = zipf(vocab.length, rng);
  const out: string[] = [];
  for (let p = 0; p < count; p++) {
    const sentences: string[] = [];
    let total = 0;
    while (total < words) {
      const length = 8 + Math.floor(rng() * 9);
      const sentence = Array.from({ length }, () => vocab[draw()]!).join(" ");
      sentences.push(`${sentence[0]!.toUpperCase()}${sentence.slice(1)}.`);
      total += length;
    }
    out.push(sentences.join(" "));
  }
  return out;
}

/** A question-like query built from `n` of a passage's rarer words. */
export function questionFrom(passage: string, n: number, rng: () => number): string {
  const words = passage.toLowerCase().replace(/[.]/g, "").split(" ");
  const picked = new Set<string>();
  while (picked.size < Math.min(n, new Set(words).size)) picked.add(words[Math.floor(rng() * words.length)]!);
  return `What is the relation between ${[...picked].join(" and ")}?`;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** A standard normal sample (Box–Muller). */
function gaussian(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/**
 * Unit vectors with the structure of real text embeddings: topic clusters on a low-dimensional manifold
 * (48 latent dimensions mapped into 768), plus a little noise. Hashed local vectors are nearly
 * orthogonal to each other, the worst case for any approximate index; these are the typical case.
 */
export function structuredVectors(count: number, dimensions: number, seed: number) {
  const rng = random(seed);
  const latent = 48;
  const clusters = 200;
  const basis = Array.from({ length: dimensions }, () => Array.from({ length: latent }, () => gaussian(rng)));
  const centers = Array.from({ length: clusters }, () => Array.from({ length: latent }, () => gaussian(rng)));
  const project = (z: number[]) => {
    const v = basis.map((row) => row.reduce((sum, a, j) => sum + a * z[j]!, 0) + 0.3 * gaussian(rng));
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  };
  const latents = Array.from({ length: count }, () => {
    const center = centers[Math.floor(rng() * clusters)]!;
    return center.map((c) => c + 0.6 * gaussian(rng));
  });
  return {
    vectors: latents.map(project),
    /** A query near chunk `i`, as a question about that passage would be. */
    queryNear: (i: number) => project(latents[i]!.map((c) => c + 0.4 * gaussian(rng))),
  };
}
