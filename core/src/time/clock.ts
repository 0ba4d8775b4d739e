/**
 * Time as the pacing code sees it: what time it is and "call me back in a while". Code that spaces
 * platform calls (streaming edits, progress messages, the background queue's lag probe) takes a
 * Clock instead of reading the global timers, so tests can drive it step by step and assert order and
 * counts rather than measure elapsed milliseconds on a busy machine.
 */
export interface Clock {
  /** Milliseconds on a monotonic scale; only differences between readings mean anything. */
  now(): number;
  /** Calls `callback` once, `ms` from now (at once for 0 or less). */
  setTimer(callback: () => void, ms: number, options?: TimerOptions): Timer;
}

export interface TimerOptions {
  /** The timer alone does not keep the process alive (a probe that runs only while there is work). */
  unref?: boolean;
}

export interface Timer {
  /** Stops the timer if it has not fired; calling it again does nothing. */
  cancel(): void;
}

/** Real time: `performance.now()` and the event loop's own timers. */
export const realClock: Clock = Object.freeze({
  now: () => performance.now(),
  setTimer(callback: () => void, ms: number, options: TimerOptions = {}): Timer {
    const handle = setTimeout(callback, Math.max(0, ms));
    if (options.unref) handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
});

/** Resolves after `ms` on `clock`. */
export function sleepOn(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => void clock.setTimer(resolve, ms));
}
