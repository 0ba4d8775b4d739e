import { describe, expect, it } from "vitest";
import type { StudyAction } from "./reply.ts";
import { decodeStudyAction, encodeStudyAction, isStudyAction } from "./study-action-codec.ts";

const ID = "0b9c3f4e-8d2a-4c1b-9e7f-1a2b3c4d5e6f";

const EVERY_ACTION: StudyAction[] = [
  { kind: "card.review", courseId: ID },
  { kind: "card.review", courseId: "" },
  { kind: "card.show", cardId: ID, reps: 0 },
  { kind: "card.hint", cardId: ID, reps: 12 },
  { kind: "card.rate", cardId: ID, reps: 999999, rating: 4 },
  { kind: "card.saveAnswer", messageId: ID },
  { kind: "card.saveQuestion", questionId: ID },
  { kind: "deck.approve", deckId: ID },
  { kind: "deck.discard", deckId: ID },
  { kind: "practice.start", quizId: ID },
  { kind: "practice.answer", runId: ID, position: 3, choice: 2 },
  { kind: "practice.respond", runId: ID, position: 7 },
  { kind: "practice.next", runId: ID },
  { kind: "practice.retry", runId: ID },
  { kind: "writing.open", promptId: ID },
  { kind: "writing.approve", promptId: ID },
  { kind: "writing.discard", promptId: ID },
];

describe("study action codec", () => {
  it.each(EVERY_ACTION)("round-trips $kind within Discord's 100-character custom id", (action) => {
    const id = encodeStudyAction(action);
    expect(id.length).toBeLessThanOrEqual(55);
    expect(decodeStudyAction(id)).toEqual(action);
    expect(isStudyAction(action)).toBe(true);
  });

  it("refuses tampered and foreign ids", () => {
    expect(decodeStudyAction(`s:rate:${ID}:3:5`)).toBeNull(); // no rating 5
    expect(decodeStudyAction(`s:rate:${ID}:3`)).toBeNull(); // rating missing
    expect(decodeStudyAction(`s:show:${ID}`)).toBeNull(); // reps missing
    expect(decodeStudyAction(`s:pnext:${ID}:1`)).toBeNull(); // extra part
    expect(decodeStudyAction("s:show:all:1")).toBeNull(); // "all" is only a course
    expect(decodeStudyAction(`s:nope:${ID}`)).toBeNull();
    expect(decodeStudyAction(`q:join:${ID}`)).toBeNull();
    expect(isStudyAction({ kind: "quiz.join", sessionId: ID })).toBe(false);
  });
});
