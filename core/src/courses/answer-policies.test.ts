import { describe, expect, it } from "vitest";
import { AnswerPolicy } from "../db/generated/enums.ts";
import {
  ANSWER_POLICIES,
  ANSWER_POLICY_CHOICE_MESSAGE,
  answerPolicyChoices,
  answerPolicyInfo,
  answerPolicySchema,
} from "./answer-policies.ts";

describe("answer policies", () => {
  it("lists every value of the database enum, once, in picker order", () => {
    expect([...ANSWER_POLICIES].sort()).toEqual(Object.values(AnswerPolicy).sort());
    expect(answerPolicyChoices().map((c) => c.value)).toEqual(["FULL", "HINTS", "SOCRATIC"]);
  });

  it("accepts what people type and what is stored", () => {
    expect(answerPolicySchema.parse("hints")).toBe("HINTS");
    expect(answerPolicySchema.parse(" Socratic ")).toBe("SOCRATIC");
    expect(answerPolicySchema.parse("FULL")).toBe("FULL");
  });

  it("refuses anything else with one message", () => {
    for (const bad of ["loud", "", 3]) {
      const result = answerPolicySchema.safeParse(bad);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe(ANSWER_POLICY_CHOICE_MESSAGE);
    }
  });

  it("gives each policy a label, a command word and a sentence ending", () => {
    expect(answerPolicyInfo("HINTS")).toMatchObject({ label: "Hints only", keyword: "hints" });
    for (const c of answerPolicyChoices()) expect(c.keyword).toBe(c.value.toLowerCase());
  });
});
