import { describe, expect, it } from "vitest";
import { createLocalModerator, matchLocalRules, normaliseForRules } from "./local-rules.ts";

describe("local moderation rules", () => {
  it.each([
    ["I want to kill myself", "self-harm/intent"],
    ["sometimes i think about ending my life", "self-harm/intent"],
    ["I’m gonna die if this keeps up, I'm suicidal", "self-harm/intent"],
    ["you should just go kill yourself", "harassment/threatening"],
    ["I'm going to shoot up the school tomorrow", "violence"],
    ["i will stab you after class", "violence"],
    ["send nudes of a 13 year old", "sexual/minors"],
  ])("flags %j as %s", (text, category) => {
    expect(matchLocalRules(text)).toContain(category);
  });

  it.each([
    "What do mitochondria produce?",
    "How did the Black Death kill so many people in Europe?",
    "Why did Romeo take his own poison in the play?",
    "Explain cell suicide (apoptosis) in simple words",
    "How do I kill a process in Linux?",
    "Is it true that school shootings increased in the 1990s?",
  ])("does not flag the course question %j", (text) => {
    expect(matchLocalRules(text)).toEqual([]);
  });

  it("checks answers for what they could do to the reader, not for self-harm intent (the tutor has none)", () => {
    const healthReading =
      "Warning signs include a friend saying they want to kill myself or that they feel suicidal [1].";
    expect(matchLocalRules(healthReading, "answer")).toEqual([]);
    // The same words from a student still get the safe-messaging reply: a missed disclosure costs more.
    expect(matchLocalRules(healthReading, "question")).toEqual(["self-harm/intent"]);
    expect(matchLocalRules("Honestly you would be better off dead.", "answer")).toEqual([
      "harassment/threatening",
    ]);
    expect(matchLocalRules("you should just go kill yourself", "answer")).toEqual(["harassment/threatening"]);
    expect(matchLocalRules("I will stab you after class", "answer")).toEqual(["violence"]);
  });

  it("matches on whole words after straightening quotes and punctuation", () => {
    expect(normaliseForRules("  I’M   going\tto... DIE!! ")).toBe("i'm going to die");
    expect(matchLocalRules("skills myself")).toEqual([]);
  });

  it("reports self-harm separately so the reply can point to help", async () => {
    const moderator = createLocalModerator();
    await expect(moderator.check("I want to die", "question")).resolves.toEqual({
      flagged: true,
      categories: ["self-harm/intent"],
      selfHarm: true,
      source: "local",
    });
    await expect(moderator.check("I will kill you", "answer")).resolves.toMatchObject({
      flagged: true,
      selfHarm: false,
      categories: ["violence"],
    });
  });
});
