// Rate windows for the reminder benchmark's fake platforms: what they enforce while the run goes, and
// the peaks read from their logs afterwards.

/**
 * A fixed window that opens at the first request after the previous one closed: the way
 * @discordjs/rest counts its own global budget, so a client that keeps to it is never refused by it.
 */
export class FixedWindow {
  private start = -Infinity;
  private used = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Takes one slot at `now`, or returns the ms until the window closes when none is left. */
  take(now: number): { ok: true; remaining: number; resetAfterMs: number } | { ok: false; waitMs: number } {
    if (now >= this.start + this.windowMs) {
      this.start = now;
      this.used = 0;
    }
    const resetAfterMs = this.start + this.windowMs - now;
    if (this.used >= this.limit) return { ok: false, waitMs: resetAfterMs };
    this.used += 1;
    return { ok: true, remaining: this.limit - this.used, resetAfterMs };
  }
}

/** At most `limit` accepted in any `windowMs` (a strict sliding window), e.g. Slack's per-channel pace. */
export class SlidingWindow {
  private readonly times: number[] = [];
  private head = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Whether a request at `now` fits, or the ms until the oldest counted one leaves the window. */
  check(now: number): { ok: true } | { ok: false; waitMs: number } {
    while (this.head < this.times.length && this.times[this.head]! <= now - this.windowMs) this.head += 1;
    if (this.times.length - this.head >= this.limit) {
      return { ok: false, waitMs: this.times[this.head]! + this.windowMs - now };
    }
    return { ok: true };
  }

  /** Counts an accepted request. */
  record(now: number): void {
    this.times.push(now);
  }
}

/** The most timestamps (ms, any order) that fall in any window of `windowMs`. */
export function peakInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  let from = 0;
  for (let to = 0; to < sorted.length; to++) {
    while (sorted[to]! - sorted[from]! >= windowMs) from += 1;
    peak = Math.max(peak, to - from + 1);
  }
  return peak;
}

/** The most timestamps in one wall-clock second. */
export function peakPerWallSecond(times: number[]): number {
  const perSecond = new Map<number, number>();
  for (const t of times) {
    const s = Math.floor(t / 1000);
    perSecond.set(s, (perSecond.get(s) ?? 0) + 1);
  }
  return Math.max(0, ...perSecond.values());
}

/** Groups values by a key. */
export function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
