import { describe, expect, it } from "vitest";
import { DECK_IMPORT_INPUT, deckImportModal, parseDeckImportSubmission } from "./deck-import-modal.ts";
import { SLACK_MAX_PLAIN_TEXT_INPUT } from "./modal-limits.ts";
import {
  PRACTICE_ANSWER_INPUT,
  parsePracticeAnswerSubmission,
  practiceAnswerModal,
} from "./practice-answer-modal.ts";
import { parseWritingSubmission, WRITING_INPUT, writingModal } from "./writing-modal.ts";

const runId = "3c0e8f5a-1b2d-4e6f-8a9b-0c1d2e3f4a5b";
const promptId = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const dm = { channel: "DU0STUDENT", ts: "1700000001.000100", ephemeral: false };

function typed(block: string, value: string) {
  return { [block]: { [block]: { type: "plain_text_input", value } } };
}

describe("practice answer modal", () => {
  it("asks a multiple-select question with checkboxes and carries the message it answers", () => {
    const view = practiceAnswerModal(
      {
        title: "Organelles",
        prompt: "Which have membranes?",
        kind: "MULTIPLE_SELECT",
        choices: ["Nucleus", "Ribosome"],
      },
      { runId, position: 1 },
      dm,
    );
    expect(JSON.stringify(view.blocks)).toContain("A. Nucleus");
    const submitted = parsePracticeAnswerSubmission(
      {
        [PRACTICE_ANSWER_INPUT]: {
          [PRACTICE_ANSWER_INPUT]: { type: "checkboxes", selected_options: [{ value: "0" }] },
        },
      },
      view.private_metadata,
    );
    expect(submitted).toEqual({ ok: true, runId, position: 1, message: dm, response: { choices: [0] } });
  });

  it("shows what is wrong on the form: no number, nothing typed, an outdated form", () => {
    const numeric = practiceAnswerModal(
      { title: "Cells", prompt: "How many chromosomes?", kind: "NUMERIC", choices: [] },
      { runId, position: 2 },
      dm,
    );
    expect(
      parsePracticeAnswerSubmission(typed(PRACTICE_ANSWER_INPUT, "forty"), numeric.private_metadata),
    ).toEqual({
      ok: false,
      errors: { [PRACTICE_ANSWER_INPUT]: "Please answer with a number, like 42 or 3.5." },
    });
    expect(
      parsePracticeAnswerSubmission(typed(PRACTICE_ANSWER_INPUT, "46"), numeric.private_metadata),
    ).toMatchObject({
      ok: true,
      response: { number: 46 },
    });
    expect(parsePracticeAnswerSubmission(typed(PRACTICE_ANSWER_INPUT, "46"), "{}")).toMatchObject({
      ok: false,
    });
  });
});

describe("writing modal", () => {
  const form = {
    promptId,
    title: "Why cells divide",
    prompt: "Explain mitosis.",
    criteria: ["Accuracy", "Clarity", "Use of terms"],
    maxChars: 10_000,
  };

  it("caps the box at Slack's input limit and says how to send longer text", () => {
    const view = writingModal(form, dm);
    const json = JSON.stringify(view.blocks);
    expect(json).toContain(`"max_length":${SLACK_MAX_PLAIN_TEXT_INPUT}`);
    expect(json).toContain("/studyhall writing submit <n> | <text>");
    expect(json).toContain("Use of terms");
  });

  it("refuses empty and over-long text on the form, naming the limit", () => {
    const view = writingModal(form, dm);
    expect(parseWritingSubmission(typed(WRITING_INPUT, "  "), view.private_metadata)).toMatchObject({
      ok: false,
    });
    const long = parseWritingSubmission(typed(WRITING_INPUT, "x".repeat(3001)), view.private_metadata);
    expect(long).toMatchObject({
      ok: false,
      errors: { [WRITING_INPUT]: expect.stringContaining("3,000 characters") },
    });
    expect(
      parseWritingSubmission(typed(WRITING_INPUT, "Mitosis makes two cells."), view.private_metadata),
    ).toEqual({
      ok: true,
      promptId,
      text: "Mitosis makes two cells.",
      message: dm,
    });
  });
});

describe("deck import modal", () => {
  it("keeps the title, channel and course, and refuses an empty paste", () => {
    const view = deckImportModal({ title: "Cells", channel: "C0BIO", course: "bio-101" });
    expect(parseDeckImportSubmission(typed(DECK_IMPORT_INPUT, "a\tb"), view.private_metadata)).toEqual({
      ok: true,
      text: "a\tb",
      target: { title: "Cells", channel: "C0BIO", course: "bio-101" },
    });
    expect(parseDeckImportSubmission(typed(DECK_IMPORT_INPUT, "\n"), view.private_metadata)).toMatchObject({
      ok: false,
      errors: { [DECK_IMPORT_INPUT]: "Paste at least one card." },
    });
  });
});
