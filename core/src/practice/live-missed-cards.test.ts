import { describe, expect, it } from "vitest";
import { missedLiveQuestions } from "./live-missed-cards.ts";

const asked = ["q1", "q2", "q3", "q4"];
const answer = (userId: string, questionId: string, credit: number) => ({ userId, questionId, credit });

describe("missedLiveQuestions", () => {
  it("counts wrong, partly right and unanswered questions from the player's first answer on", () => {
    const missed = missedLiveQuestions(
      asked,
      [
        answer("ana", "q1", 1),
        answer("ana", "q2", 0),
        answer("ana", "q4", 0.5),
        // Ben came late: his first answer is to q3, so q1 and q2 were asked before he was there.
        answer("ben", "q3", 1),
        answer("cy", "q1", 1),
        answer("cy", "q2", 1),
        answer("cy", "q3", 1),
        answer("cy", "q4", 1),
      ],
      ["ana", "ben", "cy", "dee"],
    );
    expect(Object.fromEntries(missed)).toEqual({ ana: ["q2", "q3", "q4"], ben: ["q4"] });
  });

  it("gives nothing to a player who never answered, and ignores answers of people not playing", () => {
    expect(missedLiveQuestions(asked, [answer("eve", "q1", 0)], ["dee"]).size).toBe(0);
  });
});
