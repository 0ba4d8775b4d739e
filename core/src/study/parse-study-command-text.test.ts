import { describe, expect, it } from "vitest";
import { parseStudyCommandText } from "./parse-study-command-text.ts";

describe("parseStudyCommandText", () => {
  it("leaves words that are not study words to the front end", () => {
    expect(parseStudyCommandText("ask what is osmosis")).toBeNull();
    expect(parseStudyCommandText("")).toBeNull();
  });

  it("reads the simple commands and refuses trailing words", () => {
    expect(parseStudyCommandText("review")).toEqual({ command: { name: "review" } });
    expect(parseStudyCommandText("Cards")).toEqual({ command: { name: "cards" } });
    expect(parseStudyCommandText("decks please")).toMatchObject({
      error: expect.stringContaining("takes nothing"),
    });
  });

  it("takes the course from an in:<slug> token anywhere", () => {
    expect(parseStudyCommandText("practice in:bio-101 2")).toEqual({
      command: { name: "practice", quiz: "2" },
      course: "bio-101",
    });
  });

  it("reads cards with a hint and refuses a card without a back", () => {
    expect(parseStudyCommandText("card add Osmosis | Water crossing a membrane | think: water")).toEqual({
      command: {
        name: "card.add",
        front: "Osmosis",
        back: "Water crossing a membrane",
        hint: "think: water",
      },
    });
    expect(parseStudyCommandText("card add Osmosis")).toMatchObject({
      error: expect.stringContaining("`|`"),
    });
  });

  it("reads deck commands, an import's lines after its title, and a generation count", () => {
    expect(parseStudyCommandText("deck import Cells\nA\tB\nC\tD")).toEqual({
      command: { name: "deck.import", title: "Cells", text: "A\tB\nC\tD" },
    });
    expect(parseStudyCommandText("deck generate photosynthesis count 12")).toEqual({
      command: { name: "deck.generate", topic: "photosynthesis", count: 12 },
    });
    expect(parseStudyCommandText("deck export 2")).toEqual({ command: { name: "deck.export", deck: "2" } });
    expect(parseStudyCommandText("deck fly")).toMatchObject({ error: expect.stringContaining("deck fly") });
  });

  it("reads study settings: hours in 24h or am/pm, quiet hours, zones, and says what works", () => {
    expect(parseStudyCommandText("study nudge 6pm")).toEqual({
      command: { name: "study.settings", changes: { nudge: { hour: 18 } } },
    });
    expect(parseStudyCommandText("study nudge off")).toEqual({
      command: { name: "study.settings", changes: { nudge: false } },
    });
    expect(parseStudyCommandText("study quiet 22-7")).toEqual({
      command: { name: "study.settings", changes: { quietHours: { start: 22, end: 7 } } },
    });
    expect(parseStudyCommandText("study timezone America/Chicago")).toEqual({
      command: { name: "study.settings", changes: { timeZone: "America/Chicago" } },
    });
    expect(parseStudyCommandText("study misses off")).toEqual({
      command: { name: "study.settings", changes: { cardsFromMisses: false } },
    });
    expect(parseStudyCommandText("study nudge 25")).toMatchObject({ error: expect.stringContaining("6pm") });
    expect(parseStudyCommandText("study quiet 7-7")).toMatchObject({
      error: expect.stringContaining("22-7"),
    });
  });

  it("reads practice with a clock within 5..600 seconds, and history", () => {
    expect(parseStudyCommandText("practice Week 2 quiz clock 30")).toEqual({
      command: { name: "practice", quiz: "Week 2 quiz", clockSec: 30 },
    });
    expect(parseStudyCommandText("practice 1 clock 2")).toMatchObject({
      error: expect.stringContaining("5 to 600"),
    });
    expect(parseStudyCommandText("practice history")).toEqual({ command: { name: "practice.history" } });
  });

  it("reads guides by topic, week and material numbers", () => {
    expect(parseStudyCommandText("guide week 3")).toEqual({
      command: { name: "guide", request: { week: 3 } },
    });
    expect(parseStudyCommandText("guide materials 1, 3")).toEqual({
      command: { name: "guide", request: { materialNumbers: [1, 3] } },
    });
    expect(parseStudyCommandText("guide cell membranes")).toEqual({
      command: { name: "guide", request: { topic: "cell membranes" } },
    });
    expect(parseStudyCommandText("guide materials x")).toMatchObject({ error: expect.any(String) });
  });

  it("reads writing prompts, submissions and results", () => {
    expect(
      parseStudyCommandText("writing set Essay | Explain osmosis | Accuracy; Clarity; Evidence"),
    ).toEqual({
      command: {
        name: "writing.set",
        title: "Essay",
        prompt: "Explain osmosis",
        criteria: ["Accuracy", "Clarity", "Evidence"],
      },
    });
    expect(parseStudyCommandText("writing submit 2 Osmosis is the movement of water.")).toEqual({
      command: { name: "writing.submit", prompt: "2", text: "Osmosis is the movement of water." },
    });
    expect(parseStudyCommandText("writing submit Essay one | My text")).toEqual({
      command: { name: "writing.submit", prompt: "Essay one", text: "My text" },
    });
    expect(parseStudyCommandText("writing submit")).toMatchObject({ error: expect.any(String) });
    expect(parseStudyCommandText("writing")).toEqual({ command: { name: "writing" } });
  });
});
