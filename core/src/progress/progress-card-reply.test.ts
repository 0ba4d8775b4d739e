import { describe, expect, it } from "vitest";
import { sampleProgressView } from "../../../test/support/progress-view-fixture.ts";
import type { ReplyBlock } from "../reply/reply.ts";
import { progressAltText } from "./card/progress-alt-text.ts";
import { progressCardReply } from "./progress-card-reply.ts";

function fields(blocks: ReplyBlock[]): Record<string, string> {
  const block = blocks.find((b) => b.type === "fields");
  if (block?.type !== "fields") throw new Error("no fields block");
  return Object.fromEntries(block.fields.map((f) => [f.label, f.value]));
}

describe("progressCardReply", () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

  it("is private, with the level as a progress block and the card's facts as fields", () => {
    const view = sampleProgressView();
    const reply = progressCardReply(view, png);
    expect(reply.visibility).toBe("private");
    expect(reply.blocks[0]).toEqual({ type: "text", text: "**Progress in Biology 101** · Ada Lovelace" });
    expect(reply.blocks[1]).toEqual({
      type: "progress",
      label: "Level 4 · 620 XP · 80 XP to level 5",
      value: 170 / 250,
    });
    const f = fields(reply.blocks);
    expect(f["All courses"]).toBe("Level 6 · 1,240 XP");
    expect(f.Streak).toBe("12 days · longest 19 days · studied today · freeze used this week");
    const total = view.last30Days.reduce((s, d) => s + d.xp, 0);
    expect(f["XP, last 30 days"]).toMatch(
      new RegExp(`^${total.toLocaleString("en-US")} \\(\\d+ in the last 7 days, \\d+ the 7 before\\)$`),
    );
    expect(f.Skills?.split("\n")).toEqual([
      "Cell structure 94%",
      "Photosynthesis 86%",
      "Enzymes 77%",
      "Cellular respiration 68%",
      "Mitosis and meiosis 55%",
      "Membrane transport 49%",
      "and 2 more",
    ]);
    expect(f.Weakest?.split("\n")).toEqual([
      "Mendelian genetics 34% · practise the quiz “Genetics review”",
      "Ecology 41% · review the deck “Ecology terms”",
    ]);
  });

  it("offers the suggestions as the study tools' buttons", () => {
    const view = sampleProgressView();
    const buttons = progressCardReply(view, png).blocks.find((b) => b.type === "buttons");
    expect(buttons).toEqual({
      type: "buttons",
      buttons: [
        {
          label: "Practise Genetics review",
          style: "primary",
          action: { kind: "practice.start", quizId: "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b" },
        },
        { label: "Review Ecology terms", action: { kind: "card.review", courseId: view.course!.id } },
      ],
    });
  });

  it("attaches the PNG with its alt text, and leaves files out when there is no picture", () => {
    const view = sampleProgressView();
    expect(progressCardReply(view, png).files).toEqual([
      {
        name: "progress.png",
        mimeType: "image/png",
        title: "Progress in Biology 101",
        content: png,
        altText: progressAltText(view),
      },
    ]);
    expect(progressCardReply(view, null).files).toBeUndefined();
  });

  it("shows one review button for two decks of the same course, and none without suggestions", () => {
    const base = sampleProgressView();
    const deck = (name: string) => ({
      ...base.skills[7]!,
      suggestion: { kind: "deck" as const, deckId: name, name, courseId: "c1" },
    });
    const reply = progressCardReply({ ...base, weakest: [deck("One"), deck("Two")] }, null);
    const block = reply.blocks.find((b) => b.type === "buttons");
    expect(block?.type === "buttons" && block.buttons.map((b) => b.action)).toEqual([
      { kind: "card.review", courseId: "c1" },
    ]);
    const none = progressCardReply({ ...base, weakest: [{ ...base.skills[7]!, suggestion: null }] }, null);
    expect(none.blocks.some((b) => b.type === "buttons")).toBe(false);
    expect(fields(none.blocks).Weakest).toBe("Mendelian genetics 34%");
  });

  it("words a new learner's progress across all courses", () => {
    const reply = progressCardReply(
      sampleProgressView({
        course: null,
        streak: { current: 0, longest: 0, activeToday: false, freezeAvailable: true, frozenDates: [] },
        skills: [],
        weakest: [],
      }),
      null,
    );
    expect(reply.blocks[0]).toEqual({ type: "text", text: "**Progress** · Ada Lovelace" });
    const f = fields(reply.blocks);
    expect(f["All courses"]).toBeUndefined();
    expect(f.Streak).toBe("0 days · freeze available this week");
    expect(f.Skills).toBe("None yet: answer quiz questions or review cards");
    expect(f.Weakest).toBeUndefined();
  });

  it("keeps button labels within every platform's limit", () => {
    const base = sampleProgressView();
    const reply = progressCardReply(
      {
        ...base,
        weakest: [
          { ...base.skills[7]!, suggestion: { kind: "practice", quizId: "q", title: "T".repeat(300) } },
        ],
      },
      null,
    );
    const block = reply.blocks.find((b) => b.type === "buttons");
    expect(block?.type === "buttons" && Array.from(block.buttons[0]!.label).length).toBe(60);
  });
});
