import { describe, expect, it } from "vitest";
import { createManualClock } from "../../../../test/support/manual-clock.ts";
import { createThrottledEditor } from "./throttled-editor.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("createThrottledEditor", () => {
  it("sends the first state at once, then at most one per interval with the latest state", async () => {
    const clock = createManualClock();
    const sent: Array<{ state: string; at: number }> = [];
    const editor = createThrottledEditor<string>({
      intervalMs: 100,
      send: async (state) => void sent.push({ state, at: clock.now() }),
      onError: (e) => {
        throw e;
      },
      clock,
    });
    // 30 states, one every 10 ms of the clock's time: 300 ms of streaming.
    for (let i = 1; i <= 30; i++) {
      editor.push(`text ${i}`);
      await clock.advance(10);
    }
    await clock.advance(120);
    await editor.finish();
    // At once, then one per 100 ms, each carrying the newest state: 4 sends for 30 pushes.
    expect(sent.map((s) => s.state)).toEqual(["text 1", "text 10", "text 20", "text 30"]);
    expect(sent[0]!.at).toBe(0);
    for (let i = 1; i < sent.length; i++) expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(100);
  });

  it("sends nothing after finish, even when a send was due", async () => {
    const clock = createManualClock();
    const sent: number[] = [];
    const editor = createThrottledEditor<number>({
      intervalMs: 100,
      send: async (n) => void sent.push(n),
      onError: () => {},
      clock,
    });
    editor.push(1);
    await clock.advance(0);
    editor.push(2);
    expect(clock.pending).toBe(1);
    await editor.finish();
    expect(clock.pending).toBe(0);
    expect(await clock.advance(1_000)).toBe(0);
    expect(sent).toEqual([1]);
  });

  it("never has two sends in flight and waits for the last one on finish", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let completed = 0;
    const editor = createThrottledEditor<number>({
      intervalMs: 0,
      send: async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await sleep(30);
        inFlight--;
        completed++;
      },
      onError: () => {},
    });
    for (let i = 0; i < 10; i++) {
      editor.push(i);
      await sleep(5);
    }
    await editor.finish();
    expect(maxInFlight).toBe(1);
    expect(inFlight).toBe(0);
    expect(completed).toBeGreaterThan(0);
  });

  it("reports a failed send and keeps going", async () => {
    const errors: unknown[] = [];
    const sent: number[] = [];
    const editor = createThrottledEditor<number>({
      intervalMs: 0,
      send: async (n) => {
        if (n === 1) throw new Error("429");
        sent.push(n);
      },
      onError: (e) => errors.push(e),
    });
    editor.push(1);
    await sleep(10);
    editor.push(2);
    await sleep(10);
    await editor.finish();
    expect(errors).toHaveLength(1);
    expect(sent).toEqual([2]);
  });
});
