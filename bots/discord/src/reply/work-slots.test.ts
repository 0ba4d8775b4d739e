import { describe, expect, it } from "vitest";
import { createWorkSlots } from "./work-slots.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("createWorkSlots", () => {
  it("never runs more than the limit at once, and starts work in arrival order", async () => {
    const slots = createWorkSlots({ min: 3, max: 3, targetLagMs: 50, lagMs: () => 0 });
    let running = 0;
    let most = 0;
    const started: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const release = await slots.acquire();
        started.push(i);
        running++;
        most = Math.max(most, running);
        await sleep(5);
        running--;
        release();
        release(); // a second call must not free a second slot
      }),
    );
    slots.close();
    expect(most).toBe(3);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(slots.waiting).toBe(0);
  });

  it("grows while the event loop is responsive and busy, and halves when it lags", async () => {
    let lag = 0;
    const slots = createWorkSlots({ min: 2, max: 10, targetLagMs: 50, intervalMs: 60_000, lagMs: () => lag });
    const held = await Promise.all([slots.acquire(), slots.acquire()]);
    const third = slots.acquire();
    expect(slots.limit).toBe(2);
    slots.adjust();
    expect(slots.limit).toBe(3);
    held.push(await third);
    for (let i = 0; i < 7; i++) {
      const next = slots.acquire();
      slots.adjust();
      held.push(await next);
    }
    expect(slots.limit).toBe(10);
    slots.adjust(); // at the maximum it stays there
    expect(slots.limit).toBe(10);
    lag = 120;
    slots.adjust();
    expect(slots.limit).toBe(5);
    slots.adjust();
    slots.adjust();
    expect(slots.limit).toBe(2);
    for (const release of held) release();
    slots.close();
  });

  it("lets pending I/O run before work starts", async () => {
    const slots = createWorkSlots({ min: 1, max: 1, targetLagMs: 50, lagMs: () => 0 });
    const order: string[] = [];
    setImmediate(() => order.push("io"));
    const release = await slots.acquire();
    order.push("work");
    release();
    slots.close();
    expect(order).toEqual(["io", "work"]);
  });
});
