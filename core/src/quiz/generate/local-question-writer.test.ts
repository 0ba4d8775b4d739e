import { describe, expect, it } from "vitest";
import { sentences } from "../../text/terms.ts";
import { writeLocalQuestions } from "./local-question-writer.ts";
import type { RawQuestion, WriterPassage } from "./question-writer.ts";
import { repairQuestions } from "./repair-questions.ts";

const passage = (n: number, anchor: string, text: string): WriterPassage => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  title: "Chemistry Basics",
  anchor: `Chemistry Basics › ${anchor}`,
  text,
});

const PASSAGES = [
  passage(
    1,
    "Atoms",
    "An atom is the smallest unit of a chemical element. Protons carry a positive charge and sit in the nucleus of the atom. Electrons carry a negative charge and move around the nucleus in shells.",
  ),
  passage(
    2,
    "Chemical bonds",
    "A covalent bond is a chemical bond in which two atoms share a pair of electrons. An ionic bond forms when electrons move from a metal atom to a nonmetal atom. Sodium chloride is held together by ionic bonds.",
  ),
  passage(
    3,
    "Water",
    "Water is a polar molecule with a slightly negative oxygen end. Hydrogen bonds between water molecules give water its high boiling point. Ice floats because hydrogen bonds hold its molecules further apart than in liquid water.",
  ),
];

/** Lower case, and "a", "an" and "a(n)" alike: a blank's article is written "a(n)". */
const lower = (s: string) => s.toLowerCase().replace(/\b(an?|a\(n\)) /g, "a ");
const sentencesOf = (p: WriterPassage) => sentences(p.text).map(lower);

/** The statement a question asks about, filled in with `choice`. */
function fill(question: RawQuestion, choice: string): string {
  return question.prompt.replace(/____/g, choice);
}

describe("writeLocalQuestions", () => {
  const questions = writeLocalQuestions({ passages: PASSAGES, count: 9 });

  it("writes a mix of cloze, definition and true/false questions, each citing its passage", () => {
    expect(questions.length).toBeGreaterThanOrEqual(6);
    expect(questions.some((q) => q.prompt.includes("____"))).toBe(true);
    expect(questions.some((q) => q.prompt.startsWith("Which term is described as"))).toBe(true);
    expect(questions.some((q) => q.kind === "TRUE_FALSE")).toBe(true);
    for (const q of questions) expect(q.passage).toBeGreaterThanOrEqual(1);
    // Every passage is used: questions spread over them.
    expect(new Set(questions.map((q) => q.passage))).toEqual(new Set([1, 2, 3]));
  });

  it("fills each blank so the right choice restores a sentence of the passage and no wrong one does", () => {
    const clozes = questions.filter((q) => q.prompt.includes("____"));
    expect(clozes.length).toBeGreaterThan(0);
    for (const q of clozes) {
      const source = sentencesOf(PASSAGES[q.passage - 1]!);
      const right = q.correct[0]!;
      const wrong = q.choices.map((_, i) => i).filter((i) => i !== right);
      expect(source).toContain(lower(fill(q, q.choices[right]!)));
      expect(wrong.length).toBeGreaterThanOrEqual(2);
      for (const i of wrong) expect(source).not.toContain(lower(fill(q, q.choices[i]!)));
      // A wrong choice is a term the course uses somewhere, not an invention.
      const course = PASSAGES.map((p) => lower(p.text)).join(" ");
      for (const i of wrong) expect(course).toContain(lower(q.choices[i]!));
    }
  });

  it("asks definitions whose answer is the term the passage defines", () => {
    for (const q of questions.filter((x) => x.prompt.startsWith("Which term is described as"))) {
      const description = /"(.+)"\?$/.exec(q.prompt)?.[1];
      const term = q.choices[q.correct[0]!]!;
      const defining = sentencesOf(PASSAGES[q.passage - 1]!).find((s) => s.includes(lower(description!)));
      expect(defining).toMatch(new RegExp(`^(an? |the )?${lower(term)} (is|are) `));
    }
  });

  it("states true/false questions that are true exactly when the passage says them", () => {
    const trueFalse = questions.filter((x) => x.kind === "TRUE_FALSE");
    expect(trueFalse.map((q) => q.correct[0]).sort()).toEqual(expect.arrayContaining([0, 1]));
    for (const q of trueFalse) {
      const statement = lower(q.prompt.replace(/^True or false: /, ""));
      const saysSo = sentencesOf(PASSAGES[q.passage - 1]!).includes(statement);
      expect(q.choices).toEqual(["True", "False"]);
      expect(q.correct).toEqual([saysSo ? 0 : 1]);
      expect(q.explanation).toMatch(/The material says: ".+"$/);
    }
  });

  it("gives the same questions for the same passages", () => {
    expect(writeLocalQuestions({ passages: PASSAGES, count: 9 })).toEqual(questions);
  });

  it("stops at the count asked for", () => {
    expect(writeLocalQuestions({ passages: PASSAGES, count: 2 })).toHaveLength(2);
  });

  it("writes only questions that pass repair unchanged in substance", () => {
    const repaired = repairQuestions(
      questions,
      PASSAGES.map((p) => p.id),
    );
    expect(repaired.dropped).toEqual([]);
    expect(repaired.questions).toHaveLength(questions.length);
  });

  it("writes nothing from sentences that lean on other text", () => {
    const dangling = passage(
      4,
      "Water",
      "This is why water expands when it freezes. These hydrogen bonds are shown in Figure 3. They break as the temperature rises above the boiling point.",
    );
    expect(
      writeLocalQuestions({ passages: [dangling, PASSAGES[2]!], count: 10 }).map((q) => q.passage),
    ).not.toContain(1);
    expect(writeLocalQuestions({ passages: [dangling], count: 10 })).toEqual([]);
  });
});

describe("writeLocalQuestions on a field-trip guide", () => {
  // The kind of text that once gave 'Which term is described as "the northern ridge outcrop, where the
  // sandstone is exposed"?' with "Weak point" as its answer: a guide that mixes definitions with
  // directions and with sentences about one particular place.
  const trip = (n: number, anchor: string, text: string): WriterPassage => ({
    id: `00000000-0000-4000-8000-00000000001${n}`,
    title: "Field trip guide",
    anchor: `Field trip guide › ${anchor}`,
    text,
  });
  const GUIDE = [
    trip(
      1,
      "Day 2: Kessel Ridge",
      "We leave the minibus at the quarry gate and follow the farm track up to Kessel Ridge. The ridge is an anticline, a fold whose oldest rocks sit in its core. The crest of an anticline erodes first, because the rocks at the crest were stretched and cracked as they folded. The weak point is the northern ridge outcrop, where the sandstone is exposed. Frost wedging has opened the joints in the sandstone at the northern outcrop. Water seeps into the joints, freezes and widens them every winter. Keep to the path below the outcrop and wear your helmets.",
    ),
    trip(
      2,
      "Rocks of the ridge",
      "Sandstone is a sedimentary rock made of sand grains cemented together. Limestone is a sedimentary rock made mostly of calcium carbonate. Shale is a fine-grained sedimentary rock that splits into thin layers. A joint is a crack in a rock along which the rock has not moved. A fault is a fracture along which the rocks on either side have moved. The Kessel fault runs along the foot of the ridge and brings shale against the sandstone.",
    ),
  ];
  const written = writeLocalQuestions({ passages: GUIDE, count: 20 });
  const definitions = written.filter((q) => q.prompt.startsWith("Which term is described as"));

  it("does not take a sentence about one particular place for the definition of a term", () => {
    expect(written.some((q) => q.prompt.includes("northern ridge outcrop") && q.kind !== "TRUE_FALSE")).toBe(
      false,
    );
    expect(written.flatMap((q) => q.choices.map((c) => c.toLowerCase()))).not.toContain("weak point");
    // "an anticline, a fold whose..." describes the anticline, not the ridge.
    expect(definitions.map((q) => q.prompt)).not.toContainEqual(expect.stringContaining("an anticline,"));
  });

  it("still asks the definitions the guide really gives", () => {
    expect(definitions.map((q) => q.choices[q.correct[0]!])).toEqual(
      expect.arrayContaining(["Limestone", "Fault"]),
    );
    for (const q of definitions) expect(q.correct).toEqual([0]);
  });

  it("asks for nouns, not for directions, adjectives or the guide's own instructions", () => {
    const rightAnswers = written.filter((q) => q.kind !== "TRUE_FALSE").map((q) => q.choices[q.correct[0]!]);
    expect(rightAnswers).not.toContain("northern");
    expect(written.flatMap((q) => q.choices)).not.toContainEqual(expect.stringMatching(/^rock made$/i));
    expect(written.some((q) => /\b(we|your)\b/i.test(q.prompt))).toBe(false);
  });
});
