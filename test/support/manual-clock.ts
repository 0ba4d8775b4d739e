// A Clock (core/src/time/clock.ts) that moves only when a test moves it, so pacing is tested by order
// and counts on the clock's own time, never by measuring wall-clock milliseconds on a busy machine.
import type { Clock, Timer } from "@studyhall/core";

export interface ManualClock extends Clock {
  /** Timers set and not yet fired or cancelled. */
  readonly pending: number;
  /**
   * Milliseconds from now until the soonest pending timer falls due (0 when overdue), or undefined
   * when none is pending: what the code under test asked to sleep for.
   */
  readonly nextIn: number | undefined;
  /**
   * Moves time forward by `ms`, firing every timer that falls due on the way at its own due time (as
   * an idle event loop would), and lets promise callbacks run after each one. Returns how many fired.
   */
  advance(ms: number): Promise<number>;
  /**
   * Moves time forward by `ms` without firing anything, as when the event loop was blocked: the next
   * `advance` fires the overdue timers late, at the time they are noticed.
   */
  block(ms: number): void;
  /** Resolves once a timer is pending (at once if one already is). */
  untilTimer(): Promise<void>;
}

interface Scheduled {
  at: number;
  seq: number;
  callback: () => void;
}

/** A clock at `start` (default 0) with no timers. */
export function createManualClock(start = 0): ManualClock {
  let now = start;
  let seq = 0;
  const timers = new Set<Scheduled>();
  let waiters: Array<() => void> = [];
  const nextDue = (limit: number): Scheduled | undefined => {
    let next: Scheduled | undefined;
    for (const t of timers) {
      if (t.at > limit) continue;
      if (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq)) next = t;
    }
    return next;
  };

  return {
    now: () => now,
    setTimer(callback, ms): Timer {
      const timer: Scheduled = { at: now + Math.max(0, ms), seq: seq++, callback };
      timers.add(timer);
      const woken = waiters;
      waiters = [];
      for (const wake of woken) wake();
      return { cancel: () => void timers.delete(timer) };
    },
    get pending() {
      return timers.size;
    },
    get nextIn() {
      const soonest = nextDue(Number.POSITIVE_INFINITY);
      return soonest ? Math.max(0, soonest.at - now) : undefined;
    },
    async advance(ms) {
      const target = now + Math.max(0, ms);
      let fired = 0;
      for (let timer = nextDue(target); timer; timer = nextDue(target)) {
        timers.delete(timer);
        now = Math.max(now, timer.at);
        timer.callback();
        fired++;
        // Promise chains started by the callback (a send settling, the next timer being set) run now.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      now = target;
      return fired;
    },
    block(ms) {
      now += Math.max(0, ms);
    },
    untilTimer() {
      if (timers.size > 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
  };
}
