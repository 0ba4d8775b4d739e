import { describe, expect, it } from "vitest";
import { matchLocalRules } from "./local-rules.ts";
import { createPartialAnswerGate, HELD_BACK_WORDS } from "./partial-answer-gate.ts";

const CLEAN =
  "Mitochondria are small organelles inside most cells, and they turn the food we eat into ATP, the energy every cell uses to do its work [1]. ";
/** The longest phrase of each kind the rules know, so the held-back window is tested at its edge. */
const HARMFUL_ENDINGS = [
  "Honestly, you should just go kill yourself.",
  "I am going to kill everyone in the room.",
  "Send naked pictures of a 13 year old.",
  "You would be better off dead anyway.",
  "Bring a gun to school tomorrow.",
];

/** Runs `pieces` through a gate and returns what the front end saw after each piece it was given. */
function stream(pieces: string[]) {
  const seen: string[] = [];
  let shown = "";
  const gate = createPartialAnswerGate((delta) => {
    shown += delta;
    seen.push(shown);
  });
  for (const piece of pieces) gate.push(piece);
  return { gate, seen, shown: () => shown };
}

/** Splits `text` at seeded pseudo-random places, sometimes inside words. */
function randomPieces(text: string, seed: number): string[] {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const pieces: string[] = [];
  for (let i = 0; i < text.length; ) {
    const size = 1 + Math.floor(next() * 12);
    pieces.push(text.slice(i, i + size));
    i += size;
  }
  return pieces;
}

function words(text: string): string[] {
  return text.split(/(?<=\s)(?=\S)/);
}

describe("partial answer gate", () => {
  it("passes a clean answer a few words behind the model, then all of it on release", () => {
    const { gate, seen, shown } = stream(words(CLEAN));
    expect(gate.held).toBe(false);
    expect(seen.length).toBeGreaterThan(3);
    // Every partial is a beginning of the answer, and the last words wait for the final check.
    for (const partial of seen) expect(CLEAN.startsWith(partial)).toBe(true);
    expect(CLEAN.slice(shown().length).trim().split(/\s+/)).toHaveLength(HELD_BACK_WORDS);
    gate.release();
    expect(shown()).toBe(CLEAN);
  });

  it.each(HARMFUL_ENDINGS)(
    "attack: an answer that turns harmful halfway (%j); no partial holds the phrase or its first word",
    (ending) => {
      const firstWordOfHarm = ending.split(" ")[0]!;
      for (let seed = 1; seed <= 40; seed++) {
        const { gate, seen } = stream(randomPieces(`${CLEAN}${ending} More text follows here.`, seed));
        expect(gate.held).toBe(true);
        for (const partial of seen) {
          expect(matchLocalRules(partial, "answer")).toEqual([]);
          expect(partial.length).toBeLessThanOrEqual(CLEAN.length);
        }
        expect(seen.at(-1)).not.toContain(firstWordOfHarm);
      }
    },
  );

  it("attack: a phrase split across pieces mid-word is still caught", () => {
    const { gate, seen } = stream([CLEAN, "go kill your", "self", " now"]);
    expect(gate.held).toBe(true);
    expect(seen.join("\n")).not.toMatch(/kill/);
  });

  it("passes nothing more once held, and everything on release if the final check found it clean", () => {
    const { gate, seen, shown } = stream([
      CLEAN,
      "Cyberbullies may write 'kill yourself' to a victim. ",
      "More.",
    ]);
    expect(gate.held).toBe(true);
    const count = seen.length;
    gate.push("Still more text after the hold, which is never passed on its own.");
    expect(seen).toHaveLength(count);
    gate.release();
    expect(shown()).toMatch(/kill yourself.*More\.Still more text/);
  });

  it("holds a short answer whole until release", () => {
    const { gate, seen, shown } = stream(["ATP [1]."]);
    expect(seen).toEqual([]);
    gate.release();
    expect(shown()).toBe("ATP [1].");
  });
});
