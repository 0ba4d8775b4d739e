import { describe, expect, it } from "vitest";
import { parseQuizAnswerSubmission, QUIZ_ANSWER_INPUT, quizAnswerModal } from "./quiz-answer-modal.ts";

const sessionId = "0f8fad5b-d9cb-469f-a165-70867728950e";
const base = { sessionId, questionIndex: 2, prompt: "How many?", maxChoices: 1 };

function submit(metadata: string, state: Record<string, unknown>) {
  return parseQuizAnswerSubmission({ [QUIZ_ANSWER_INPUT]: { [QUIZ_ANSWER_INPUT]: state } }, metadata);
}

describe("the quiz answer form", () => {
  it("offers checkboxes for multiple select and carries the question back", () => {
    const view = quizAnswerModal(
      { ...base, kind: "MULTIPLE_SELECT", choices: ["Nucleus", "Ribosome", "x".repeat(90)], maxChoices: 3 },
      { channel: "C1" },
    );
    expect(view.title).toEqual({ type: "plain_text", text: "Question 3" });
    const input = view.blocks[1] as { element: { type: string; options: Array<{ text: { text: string } }> } };
    expect(input.element.type).toBe("checkboxes");
    expect(input.element.options.map((o) => o.text.text.length)).toEqual([10, 11, 75]);
    expect(submit(view.private_metadata!, { selected_options: [{ value: "2" }, { value: "0" }] })).toEqual({
      ok: true,
      sessionId,
      questionIndex: 2,
      channel: "C1",
      response: { choices: [2, 0] },
    });
    expect(submit(view.private_metadata!, { selected_options: [] })).toEqual({
      ok: false,
      errors: { answer: "Select at least one answer." },
    });
  });

  it("takes a number, or says on the form that it is not one", () => {
    const view = quizAnswerModal({ ...base, kind: "NUMERIC", choices: [] }, { channel: "C1" });
    expect((view.blocks[1] as { element: { type: string } }).element.type).toBe("plain_text_input");
    expect(submit(view.private_metadata!, { value: " 3,5 " })).toMatchObject({
      ok: true,
      response: { number: 3.5 },
    });
    expect(submit(view.private_metadata!, { value: "lots" })).toEqual({
      ok: false,
      errors: { answer: "Please answer with a number, like 42 or 3.5." },
    });
  });

  it("takes typed text, and refuses a tampered form", () => {
    const view = quizAnswerModal({ ...base, kind: "SHORT_TEXT", choices: [] }, { channel: "C1" });
    expect(submit(view.private_metadata!, { value: "  mitochondria " })).toMatchObject({
      response: { text: "mitochondria" },
    });
    expect(submit(view.private_metadata!, { value: "   " })).toMatchObject({ ok: false });
    expect(submit('{"s":"not-a-uuid"}', { value: "x" })).toMatchObject({
      ok: false,
      errors: { answer: expect.stringMatching(/out of date/) },
    });
  });
});
