import type { types } from "@slack/bolt";
import { CHAT_QUIZ_LINE_HELP, CHAT_QUIZ_LINES, MAX_QUIZ_TITLE_CHARS } from "@studyhall/core";
import { z } from "zod";
import { escapeMrkdwn } from "../render/slack-mrkdwn.ts";

export const QUIZ_WRITE_CALLBACK_ID = "sh:quiz-write";

/** Slack's limits for a modal: its title, and an input's placeholder. */
const SLACK_MODAL_TITLE_MAX = 24;
const SLACK_PLACEHOLDER_MAX = 150;
/** Question boxes in the modal: what a short quiz in chat needs; longer ones belong on the LMS page. */
export const SLACK_QUIZ_QUESTION_BOXES = CHAT_QUIZ_LINES.maxQuestions;

/** The block (and action) id of the title and of each question box; core's problems map onto them. */
export const TITLE_BLOCK = "title";
export const questionBlock = (box: number) => `q${box}`;

export interface QuizWriteMetadata {
  courseId: string;
  channel: string;
}

/** The "write a quiz" modal: a title and up to five single-choice questions, one line each. */
export function quizWriteModal(courseName: string, metadata: QuizWriteMetadata, title = ""): types.ModalView {
  const questions = Array.from(
    { length: SLACK_QUIZ_QUESTION_BOXES },
    (_, box): types.InputBlock => ({
      type: "input",
      block_id: questionBlock(box),
      optional: box > 0,
      label: { type: "plain_text", text: `Question ${box + 1}` },
      element: {
        type: "plain_text_input",
        action_id: questionBlock(box),
        placeholder: { type: "plain_text", text: CHAT_QUIZ_LINES.example.slice(0, SLACK_PLACEHOLDER_MAX) },
      },
    }),
  );
  return {
    type: "modal",
    callback_id: QUIZ_WRITE_CALLBACK_ID,
    private_metadata: JSON.stringify(metadata),
    title: { type: "plain_text", text: "Write a quiz".slice(0, SLACK_MODAL_TITLE_MAX) },
    submit: { type: "plain_text", text: "Save quiz" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `A short quiz for *${escapeMrkdwn(courseName)}*, ready to play with \`/studyhall quiz start\` once saved. ${escapeMrkdwn(CHAT_QUIZ_LINE_HELP)} Up to ${SLACK_QUIZ_QUESTION_BOXES} questions here; write longer quizzes, or other question types, on the course's LMS page.`,
        },
      },
      {
        type: "input",
        block_id: TITLE_BLOCK,
        label: { type: "plain_text", text: "Title" },
        element: {
          type: "plain_text_input",
          action_id: TITLE_BLOCK,
          max_length: MAX_QUIZ_TITLE_CHARS,
          ...(title ? { initial_value: title.slice(0, MAX_QUIZ_TITLE_CHARS) } : {}),
        },
      },
      ...questions,
    ],
  };
}

const metadataSchema = z.object({ courseId: z.uuid(), channel: z.string().min(1).max(40) });
const inputValue = z.object({ value: z.string().nullish() }).passthrough();

/** The title, the question lines in box order and the metadata of a submitted modal; null if unreadable. */
export function parseQuizWriteSubmission(
  values: Record<string, Record<string, unknown>>,
  privateMetadata: string | undefined,
): { title: string; lines: string[]; metadata: QuizWriteMetadata } | null {
  try {
    const metadata = metadataSchema.parse(JSON.parse(privateMetadata ?? ""));
    const read = (block: string) => inputValue.parse(values[block]?.[block] ?? {}).value ?? "";
    const lines = Array.from({ length: SLACK_QUIZ_QUESTION_BOXES }, (_, box) => read(questionBlock(box)));
    return { title: read(TITLE_BLOCK), lines, metadata };
  } catch {
    return null;
  }
}
