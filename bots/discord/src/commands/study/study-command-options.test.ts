import { describe, expect, it } from "vitest";
import { type StudyOptionReader, studyRequestOf } from "./study-command-options.ts";

/** An option reader over plain values, as discord.js's resolver answers for the options given. */
function options(sub: string, values: Record<string, string | number | boolean> = {}): StudyOptionReader {
  const get = <T>(name: string) => (values[name] === undefined ? null : (values[name] as T));
  return {
    getSubcommand: () => sub,
    getString: (name) => get<string>(name),
    getInteger: (name) => get<number>(name),
    getNumber: (name) => get<number>(name),
    getBoolean: (name) => get<boolean>(name),
  };
}

describe("studyRequestOf", () => {
  it("builds core's study commands from the options", () => {
    expect(studyRequestOf("cards", options("review"))).toEqual({ kind: "run", command: { name: "review" } });
    expect(studyRequestOf("cards", options("add", { front: " Q ", back: "A", deck: "2" }))).toEqual({
      kind: "run",
      command: { name: "card.add", front: "Q", back: "A", deck: "2" },
    });
    expect(studyRequestOf("practice", options("start", { quiz: "Cells", clock: 30 }))).toEqual({
      kind: "run",
      command: { name: "practice", quiz: "Cells", clockSec: 30 },
    });
    expect(studyRequestOf("guide", options("make", { week: 3, materials: "1, 3" }))).toEqual({
      kind: "run",
      command: { name: "guide", request: { week: 3, materialNumbers: [1, 3] } },
    });
    expect(
      studyRequestOf("writing", options("set", { title: "Essay", prompt: "Why?", criteria: "A; B;C" })),
    ).toEqual({
      kind: "run",
      command: { name: "writing.set", title: "Essay", prompt: "Why?", criteria: ["A", "B", "C"] },
    });
    expect(studyRequestOf("writing", options("submit", { prompt: "1" }))).toEqual({
      kind: "writing.form",
      prompt: "1",
    });
    expect(studyRequestOf("cards", options("import"))).toEqual({ kind: "import", title: null });
  });

  it("reads typed nudge and quiet hours with core's parser and says what is wrong", () => {
    expect(
      studyRequestOf("cards", options("settings", { nudge: "6pm", quiet: "22-7", misses: false })),
    ).toEqual({
      kind: "run",
      command: {
        name: "study.settings",
        changes: { cardsFromMisses: false, nudge: { hour: 18 }, quietHours: { start: 22, end: 7 } },
      },
    });
    expect(studyRequestOf("cards", options("settings", { nudge: "off" }))).toMatchObject({
      command: { changes: { nudge: false } },
    });
    expect(() => studyRequestOf("cards", options("settings", { quiet: "22" }))).toThrow(
      expect.objectContaining({ userMessage: expect.stringContaining("22-7") }),
    );
    expect(() => studyRequestOf("guide", options("make", { materials: "one" }))).toThrow(
      expect.objectContaining({ userMessage: expect.stringContaining("not a material number") }),
    );
  });
});
