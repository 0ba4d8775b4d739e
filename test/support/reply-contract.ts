// One contract every renderer of the neutral Reply model passes (Slack Block Kit, Discord messages,
// LTI HTML, terminal text). Each adapter runs it with `runReplyContract(...)` in a *.test.ts file.
import { describe, expect, it } from "vitest";
import type { Reply, ReplyAction } from "../../core/src/reply/reply.ts";
import { QUIZ_LOBBY, TRUE_FALSE_QUESTION, TRUE_FALSE_REVEAL } from "./quiz-board-fixtures.ts";

export interface RendererUnderTest<Out> {
  name: string;
  /** What the medium can show. A terminal has no buttons and no audience to hide a reply from. */
  capabilities: { buttons: boolean; privacy: boolean };
  render(reply: Reply): Out;
  /** Every piece of text a person would see, flattened into one string. */
  visibleText(out: Out): string;
  /** The action ids of the rendered buttons, in order. */
  actionIds(out: Out): string[];
  /** The adapter's action-id codec: decodes what render() encoded; null for ids it did not make. */
  decodeAction(id: string): ReplyAction | null;
  /** Throws if `out` breaks one of the platform's limits (lengths, counts). */
  assertWithinLimits(out: Out): void;
  /** Whether the output is shown only to the person who asked. */
  isPrivate(out: Out): boolean;
}

const messageId = "7d3f6a2e-3c1b-4d5e-9f8a-1b2c3d4e5f60";

/** A typical tutor answer: text, citations and vote buttons. */
export const ANSWER: Reply = {
  visibility: "public",
  blocks: [
    { type: "text", text: "Mitochondria produce **ATP** [1], the cell's energy currency [2]." },
    {
      type: "citations",
      citations: [
        { n: 1, materialId: "m1", chunkId: "c1", title: "Cell Biology Basics", anchor: "p. 12" },
        { n: 2, materialId: "m2", chunkId: "c2", title: "Lecture 3 slides", anchor: "Energy › ATP" },
      ],
    },
    {
      type: "buttons",
      buttons: [
        { label: "👍 Helpful", action: { kind: "tutor.feedback", messageId, vote: 1 } },
        { label: "👎 Not helpful", action: { kind: "tutor.feedback", messageId, vote: -1 } },
      ],
    },
  ],
};

const sessionId = "0f8fad5b-d9cb-469f-a165-70867728950e";

/** A live quiz question: prompt, countdown, answer buttons (up to five) and host controls. */
export const QUIZ_QUESTION: Reply = {
  visibility: "public",
  blocks: [
    { type: "text", text: "**Question 2 of 10** · Organelles" },
    { type: "text", text: "**Which organelle makes ATP?**" },
    { type: "countdown", label: "Time left", endsAt: "2030-01-01T12:00:20.000Z", totalSeconds: 20 },
    { type: "progress", label: "12 of 30 answered", value: 0.4 },
    {
      type: "buttons",
      buttons: ["Nucleus", "Mitochondria", "Ribosome", "Golgi apparatus", "Lysosome"].map((c, i) => ({
        label: `${"ABCDE"[i]}. ${c}`,
        action: { kind: "quiz.answer" as const, sessionId, questionIndex: 1, choice: i },
      })),
    },
    {
      type: "buttons",
      buttons: [
        { label: "Pause", action: { kind: "quiz.control", sessionId, command: "pause" } },
        { label: "Skip", action: { kind: "quiz.control", sessionId, command: "skip" } },
        { label: "End quiz", action: { kind: "quiz.control", sessionId, command: "stop" }, style: "danger" },
      ],
    },
  ],
};

const cardId = "4a9c2f1e-7b3d-4e6f-8a1b-2c3d4e5f6a7b";

/** A flashcard's back in a review: the answer, its source, and the four ratings with their intervals. */
export const CARD_BACK: Reply = {
  visibility: "private",
  blocks: [
    { type: "text", text: "**Osmosis**" },
    {
      type: "text",
      text: "The movement of water across a semi-permeable membrane, from low to high solute.",
    },
    {
      type: "citations",
      citations: [{ n: 1, materialId: "m1", chunkId: "c1", title: "Cell Biology Basics", anchor: "p. 31" }],
    },
    {
      type: "buttons",
      buttons: (["Again · 1m", "Hard · 6m", "Good · 10m", "Easy · 4d"] as const).map((label, i) => ({
        label,
        action: { kind: "card.rate" as const, cardId, reps: 3, rating: (i + 1) as 1 | 2 | 3 | 4 },
      })),
    },
  ],
};

const LONG_TEXT = Array.from(
  { length: 60 },
  (_, i) => `Sentence ${i + 1} explains one more detail of cellular respiration.`,
).join(" ");

export function runReplyContract<Out>(renderer: RendererUnderTest<Out>): void {
  describe(`${renderer.name} renders the neutral reply model`, () => {
    it("shows the answer text and every citation with its title and anchor", () => {
      const out = renderer.render(ANSWER);
      const text = renderer.visibleText(out);
      expect(text).toContain("ATP");
      expect(text).toContain("Cell Biology Basics");
      expect(text).toContain("p. 12");
      expect(text).toContain("Lecture 3 slides");
      expect(text).toContain("Energy › ATP");
      renderer.assertWithinLimits(out);
    });

    it.runIf(!renderer.capabilities.buttons)("leaves buttons out where they cannot be pressed", () => {
      const text = renderer.visibleText(renderer.render(ANSWER));
      expect(text).not.toContain("Helpful");
      expect(renderer.actionIds(renderer.render(ANSWER))).toEqual([]);
    });

    it.runIf(renderer.capabilities.buttons)(
      "encodes button actions that decode back to the same action",
      () => {
        const ids = renderer.actionIds(renderer.render(ANSWER));
        expect(ids).toHaveLength(2);
        expect(ids.map((id) => renderer.decodeAction(id))).toEqual([
          { kind: "tutor.feedback", messageId, vote: 1 },
          { kind: "tutor.feedback", messageId, vote: -1 },
        ]);
        expect(renderer.decodeAction("someone-elses-button")).toBeNull();
      },
    );

    it("keeps a long answer whole and within the platform's limits", () => {
      const out = renderer.render({ visibility: "public", blocks: [{ type: "text", text: LONG_TEXT }] });
      renderer.assertWithinLimits(out);
      const text = renderer.visibleText(out).replace(/\s+/g, " ");
      expect(text).toContain("Sentence 1 explains");
      expect(text).toContain("Sentence 60 explains one more detail of cellular respiration.");
    });

    it("renders notices, fields and progress as readable text", () => {
      const out = renderer.render({
        visibility: "private",
        blocks: [
          { type: "notice", tone: "error", text: "Only course staff can do that." },
          { type: "fields", fields: [{ label: "Course", value: "Biology 101" }] },
          { type: "progress", label: "Embedding", value: 0.45 },
        ],
      });
      const text = renderer.visibleText(out);
      expect(text).toContain("Only course staff can do that.");
      expect(text).toContain("Biology 101");
      expect(text).toContain("45%");
      if (renderer.capabilities.privacy) expect(renderer.isPrivate(out)).toBe(true);
      renderer.assertWithinLimits(out);
    });

    it("shows a quiz question's countdown, and its buttons decode to the quiz actions", () => {
      const out = renderer.render(QUIZ_QUESTION);
      const text = renderer.visibleText(out);
      expect(text).toContain("Which organelle makes ATP?");
      expect(text).toContain("Time left");
      expect(text).toContain("12 of 30 answered");
      renderer.assertWithinLimits(out);
      if (!renderer.capabilities.buttons) return;
      const actions = renderer.actionIds(out).map((id) => renderer.decodeAction(id));
      const expected = QUIZ_QUESTION.blocks.flatMap((b) =>
        b.type === "buttons" ? b.buttons.map((x) => x.action) : [],
      );
      expect(actions).toEqual(expected);
      expect(text).toContain("E. Lysosome");
    });

    it("labels true/false choices True and False on the question, its buttons and its reveal alike", () => {
      // Without buttons the question shows no choices at all; its reveal shows them everywhere.
      const replies = renderer.capabilities.buttons
        ? [TRUE_FALSE_QUESTION, TRUE_FALSE_REVEAL]
        : [TRUE_FALSE_REVEAL];
      for (const reply of replies) {
        const out = renderer.render(reply);
        const text = renderer.visibleText(out);
        expect(text).toContain("True");
        expect(text).toContain("False");
        expect(text).not.toMatch(/\b[AB]\. (True|False)\b/);
        renderer.assertWithinLimits(out);
      }
      const labels = TRUE_FALSE_QUESTION.blocks.flatMap((b) =>
        b.type === "buttons" ? b.buttons.map((x) => x.label) : [],
      );
      expect(labels).toEqual(expect.arrayContaining(["True", "False"]));
    });

    it("names a generated quiz's lobby once as a live quiz", () => {
      const text = renderer.visibleText(renderer.render(QUIZ_LOBBY));
      expect(text).toContain("Live quiz: Rocks of the ridge");
      expect(text).not.toMatch(/Live quiz: Quiz/);
    });

    it("shows a flashcard's ratings with their intervals, and the buttons decode to the same ratings", () => {
      const out = renderer.render(CARD_BACK);
      const text = renderer.visibleText(out);
      expect(text).toContain("semi-permeable membrane");
      expect(text).toContain("Cell Biology Basics");
      renderer.assertWithinLimits(out);
      if (!renderer.capabilities.buttons) return;
      expect(text).toContain("Good · 10m");
      const actions = renderer.actionIds(out).map((id) => renderer.decodeAction(id));
      expect(actions).toEqual([1, 2, 3, 4].map((rating) => ({ kind: "card.rate", cardId, reps: 3, rating })));
    });

    it.runIf(renderer.capabilities.buttons)(
      "encodes the inbox's Mark all read button and decodes it back",
      () => {
        const out = renderer.render({
          visibility: "private",
          blocks: [
            { type: "text", text: "**2 updates**" },
            {
              type: "buttons",
              buttons: [{ label: "Mark all read", action: { kind: "notifications.read" } }],
            },
          ],
        });
        expect(renderer.visibleText(out)).toContain("Mark all read");
        expect(renderer.actionIds(out).map((id) => renderer.decodeAction(id))).toEqual([
          { kind: "notifications.read" },
        ]);
        renderer.assertWithinLimits(out);
      },
    );

    it.runIf(renderer.capabilities.privacy)("keeps public replies public", () => {
      expect(renderer.isPrivate(renderer.render(ANSWER))).toBe(false);
    });
  });
}
