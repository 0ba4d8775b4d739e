import { describe, expect, it } from "vitest";
import { scoreQuestion } from "./score-question.ts";

const speed = { scoring: "speed" as const, streaks: true };

describe("scoreQuestion", () => {
  it("falls linearly from full points for an instant answer to half at time-up", () => {
    const scored = scoreQuestion({
      answers: [
        { id: "a", userId: "u1", credit: 1, latencyMs: 0 },
        { id: "b", userId: "u2", credit: 1, latencyMs: 10_000 },
        { id: "c", userId: "u3", credit: 1, latencyMs: 20_000 },
        { id: "d", userId: "u4", credit: 1, latencyMs: 25_000 },
      ],
      previousStreaks: new Map(),
      points: 1000,
      timeLimitMs: 20_000,
      options: speed,
    });
    expect(scored.map((s) => s.points)).toEqual([1000, 750, 500, 500]);
    expect(scored.every((s) => s.streak === 1)).toBe(true);
  });

  it("gives nothing for a wrong answer and resets the streak", () => {
    const [wrong] = scoreQuestion({
      answers: [{ id: "a", userId: "u1", credit: 0, latencyMs: 0 }],
      previousStreaks: new Map([["u1", 4]]),
      points: 1000,
      timeLimitMs: 20_000,
      options: speed,
    });
    expect(wrong).toEqual({ id: "a", userId: "u1", points: 0, streak: 0 });
  });

  it("adds a capped streak bonus, unless streaks are off", () => {
    const run = (previous: number, streaks: boolean) =>
      scoreQuestion({
        answers: [{ id: "a", userId: "u1", credit: 1, latencyMs: 0 }],
        previousStreaks: new Map([["u1", previous]]),
        points: 1000,
        timeLimitMs: 20_000,
        options: { scoring: "speed", streaks },
      })[0];
    expect(run(1, true)).toMatchObject({ points: 1100, streak: 2 });
    expect(run(3, true)).toMatchObject({ points: 1300, streak: 4 });
    expect(run(20, true)).toMatchObject({ points: 1500, streak: 21 });
    expect(run(3, false)).toMatchObject({ points: 1000, streak: 4 });
  });

  it("scales by credit for partial answers (which do not extend a streak) and ignores time in accuracy mode", () => {
    const scored = scoreQuestion({
      answers: [
        { id: "a", userId: "u1", credit: 0.5, latencyMs: 0 },
        { id: "b", userId: "u2", credit: 1, latencyMs: 19_000 },
      ],
      previousStreaks: new Map([["u1", 2]]),
      points: 800,
      timeLimitMs: 20_000,
      options: { scoring: "accuracy", streaks: false },
    });
    expect(scored).toEqual([
      { id: "a", userId: "u1", points: 400, streak: 0 },
      { id: "b", userId: "u2", points: 800, streak: 1 },
    ]);
  });
});
