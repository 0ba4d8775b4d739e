import { describe, expect, it } from "vitest";
import { tutorAnswerReply } from "../tutor/tutor-answer-reply.ts";
import { cardBackReply, cardFrontReply, reviewDoneReply } from "./card-replies.ts";
import type { DueCard } from "./card-types.ts";

const card: DueCard = {
  cardId: "c1",
  courseId: "k1",
  deckTitle: "Cells",
  front: "Powerhouse of the cell?",
  back: "Mitochondria",
  hint: "Starts with M",
  source: { title: "Cell Biology", anchor: "p. 4", materialId: "m1", chunkId: "ch1" },
  reps: 2,
  state: 2,
};

const buttons = (reply: ReturnType<typeof cardFrontReply>) =>
  reply.blocks.flatMap((b) => (b.type === "buttons" ? b.buttons : []));

describe("card replies", () => {
  it("shows the front with Show answer and Hint, and the hint once asked for", () => {
    const front = cardFrontReply(card, { hint: false });
    expect(buttons(front).map((b) => b.label)).toEqual(["Show answer", "Hint"]);
    expect(buttons(front)[0]?.action).toEqual({ kind: "card.show", cardId: "c1", reps: 2 });
    const hinted = cardFrontReply(card, { hint: true });
    expect(JSON.stringify(hinted)).toContain("Starts with M");
    expect(buttons(hinted).map((b) => b.label)).toEqual(["Show answer"]);
    expect(buttons(cardFrontReply({ ...card, hint: null }, { hint: false }))).toHaveLength(1);
  });

  it("shows the back with its source and the four ratings labelled with their intervals", () => {
    const back = cardBackReply(card, { 1: "1m", 2: "6m", 3: "4d", 4: "9d" });
    expect(buttons(back).map((b) => b.label)).toEqual(["Again · 1m", "Hard · 6m", "Good · 4d", "Easy · 9d"]);
    expect(buttons(back)[2]?.action).toEqual({ kind: "card.rate", cardId: "c1", reps: 2, rating: 3 });
    expect(back.blocks).toContainEqual({
      type: "citations",
      citations: [{ n: 1, materialId: "m1", chunkId: "ch1", title: "Cell Biology", anchor: "p. 4" }],
    });
    const reindexed = cardBackReply(
      { ...card, source: { ...card.source!, chunkId: null } },
      { 1: "", 2: "", 3: "", 4: "" },
    );
    expect(reindexed.blocks).toContainEqual({ type: "text", text: "_Source: Cell Biology, p. 4_" });
  });

  it("ends a session with what is still due today", () => {
    const done = reviewDoneReply({ dueNow: 0, dueToday: 3 }, { courseId: "k1" });
    expect(done.blocks[0]).toEqual({ type: "text", text: "All done. 3 due today." });
    expect(buttons(done)[0]?.action).toEqual({ kind: "card.review", courseId: "k1" });
    expect(buttons(reviewDoneReply({ dueNow: 0, dueToday: 0 }))).toEqual([]);
  });

  it("offers Save as card on an answered tutor reply only", () => {
    const answer = {
      answered: true,
      text: "Mitochondria [1]",
      citations: [],
      conversationId: "v1",
      messageId: "msg1",
      usageLogId: "u1",
      model: "local",
    };
    expect(buttons(tutorAnswerReply(answer)).map((b) => b.action)).toContainEqual({
      kind: "card.saveAnswer",
      messageId: "msg1",
    });
    expect(buttons(tutorAnswerReply({ ...answer, answered: false }))).toEqual([]);
  });
});
