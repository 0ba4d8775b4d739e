// Peak resident memory while one piece of work runs: sampled every 25 ms (and once at the end), minus the
// resident memory just before it. The samples only land when the event loop is free, so a spike inside one
// long synchronous stretch can be missed; the growth it left behind is still seen at the next sample.

export interface Measured<T> {
  value: T;
  ms: number;
  /** Peak RSS during the work minus RSS before it, in MiB. */
  rssGrowthMiB: number;
}

const SAMPLE_MS = 25;
const MiB = 2 ** 20;

/** Runs `work`, timing it and sampling the process's resident memory while it runs. */
export async function measured<T>(work: () => Promise<T>): Promise<Measured<T>> {
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, SAMPLE_MS);
  const started = performance.now();
  try {
    const value = await work();
    const ms = performance.now() - started;
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, ms, rssGrowthMiB: Math.round((peak - before) / MiB) };
  } finally {
    clearInterval(timer);
  }
}
