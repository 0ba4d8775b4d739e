import { describe, expect, it } from "vitest";
import { decodeQuizAction, encodeQuizAction } from "./quiz-action-codec.ts";
import type { ReplyAction } from "./reply.ts";

const id = "0f8fad5b-d9cb-469f-a165-70867728950e";

describe("quiz action codec", () => {
  it("round-trips every quiz action within Discord's 100-character limit", () => {
    const actions: Array<Extract<ReplyAction, { kind: `quiz.${string}` }>> = [
      { kind: "quiz.join", sessionId: id },
      { kind: "quiz.answer", sessionId: id, questionIndex: 12, choice: 3 },
      { kind: "quiz.respond", sessionId: id, questionIndex: 0 },
      { kind: "quiz.control", sessionId: id, command: "pause" },
      { kind: "quiz.result", sessionId: id },
      { kind: "quiz.approve", quizId: id },
      { kind: "quiz.discard", quizId: id },
    ];
    for (const action of actions) {
      const encoded = encodeQuizAction(action);
      expect(encoded.length).toBeLessThanOrEqual(50);
      expect(decodeQuizAction(encoded)).toEqual(action);
    }
  });

  it("rejects tampered or foreign ids", () => {
    expect(decodeQuizAction(`q:ans:${id}:1`)).toBeNull();
    expect(decodeQuizAction(`q:ctl:${id}:explode`)).toBeNull();
    expect(decodeQuizAction("q:join:not-a-uuid")).toBeNull();
    expect(decodeQuizAction(`q:join:${id}:extra`)).toBeNull();
    expect(decodeQuizAction(`sh:fb:${id}:up`)).toBeNull();
  });
});
