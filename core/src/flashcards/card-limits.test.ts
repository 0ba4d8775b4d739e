import { describe, expect, it } from "vitest";
import { cardTextProblems } from "./card-limits.ts";
import { formatInterval } from "./fsrs-card-state.ts";
import { optimizerItems } from "./optimize-parameters.ts";
import { nextFitAt, OPTIMIZE_MIN_REVIEWS } from "./optimize-schedule.ts";

describe("card limits", () => {
  it("accepts a card within the limits", () => {
    expect(
      cardTextProblems({ front: "Mitosis", back: "Cell division", hint: "M…", tags: ["cells"] }),
    ).toEqual([]);
  });

  it("refuses an empty face and names each limit with the card's own length", () => {
    expect(cardTextProblems({ front: " ", back: "x" })).toEqual([
      "A card needs a front (the question or term).",
    ]);
    const [back] = cardTextProblems({ front: "Q", back: "b".repeat(2310) });
    expect(back).toBe(
      "A card's back can be at most 1,500 characters (a chat message's limit); this one has 2,310. Split it into two cards.",
    );
    expect(cardTextProblems({ front: "Q", back: "A", hint: "h".repeat(301) })[0]).toContain("at most 300");
    expect(cardTextProblems({ front: "Q", back: "A", tags: Array(11).fill("t") })[0]).toContain(
      "at most 10 tags",
    );
  });
});

describe("scheduling helpers", () => {
  it("words intervals as the rating buttons show them", () => {
    const t = new Date("2027-01-01T00:00:00Z");
    const after = (ms: number) => formatInterval(t, new Date(t.getTime() + ms));
    expect([after(60_000), after(600_000), after(3 * 3_600_000), after(4 * 86_400_000)]).toEqual([
      "1m",
      "10m",
      "3h",
      "4d",
    ]);
    expect(after(90 * 86_400_000)).toBe("3mo");
  });

  it("builds one optimizer item per review after a card's first, the first delta 0", () => {
    const items = optimizerItems([
      { cardId: "a", rating: 3, elapsedDays: 5 },
      { cardId: "b", rating: 1, elapsedDays: 0 },
      { cardId: "a", rating: 3, elapsedDays: 2 },
      { cardId: "a", rating: 4, elapsedDays: 6 },
    ]);
    expect(items.map((i) => i.reviews)).toEqual([
      [
        { rating: 3, deltaT: 0 },
        { rating: 3, deltaT: 2 },
      ],
      [
        { rating: 3, deltaT: 0 },
        { rating: 3, deltaT: 2 },
        { rating: 4, deltaT: 6 },
      ],
    ]);
  });

  it("fits first at the threshold, then at each 50% growth", () => {
    expect(nextFitAt(0)).toBe(OPTIMIZE_MIN_REVIEWS);
    expect(nextFitAt(400)).toBe(600);
    expect(nextFitAt(1000)).toBe(1500);
  });
});
