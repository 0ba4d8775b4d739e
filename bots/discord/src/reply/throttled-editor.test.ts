import { describe, expect, it } from "vitest";
import { createThrottledEditor } from "./throttled-editor.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("createThrottledEditor", () => {
  it("sends the first state at once, then at most one per interval with the latest state", async () => {
    const sent: Array<{ state: string; at: number }> = [];
    const start = Date.now();
    const editor = createThrottledEditor<string>({
      intervalMs: 100,
      send: async (state) => void sent.push({ state, at: Date.now() - start }),
      onError: (e) => {
        throw e;
      },
    });
    for (let i = 1; i <= 30; i++) {
      editor.push(`text ${i}`);
      await sleep(10);
    }
    await sleep(120);
    await editor.finish();
    expect(sent[0]!.state).toBe("text 1");
    expect(sent.at(-1)!.state).toBe("text 30");
    expect(sent.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < sent.length; i++) expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(95);
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
