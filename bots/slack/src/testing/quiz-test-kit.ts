// Helpers for the live-quiz integration tests: a course with an approved quiz, the game message as the
// fake Slack saw it, its buttons, and clicks answered through the response_url.
import { setTimeout as sleep } from "node:timers/promises";
import { bindSpace, type QuestionInput, saveQuiz } from "@studyhall/core";
import { interactive, viewSubmissionPayload } from "../../../../test/support/fake-slack-payloads.ts";
import type { SlackApiCall } from "../../../../test/support/fake-slack-web-api.ts";
import { blockKitText } from "../render/block-kit-text.ts";
import type { SlackBlock } from "../render/to-block-kit.ts";
import { slackActor, slackSpace } from "../slack/slack-identity.ts";
import { QUIZ_ANSWER_CALLBACK_ID, QUIZ_ANSWER_INPUT } from "../views/quiz-answer-modal.ts";
import { TEAM_A, type TestSlackApp } from "./start-test-slack-app.ts";

export const TEACHER = "U0ADMINA";

export const ORGANELLES: QuestionInput[] = [
  {
    kind: "SINGLE_CHOICE",
    prompt: "What makes ATP?",
    choices: ["Nucleus", "Mitochondria", "Ribosome"],
    correctChoices: [1],
    timeLimitSec: 30,
    explanation: "Cellular respiration happens there.",
  },
  {
    kind: "MULTIPLE_SELECT",
    prompt: "Which have membranes?",
    choices: ["Nucleus", "Ribosome", "Mitochondria"],
    correctChoices: [0, 2],
    timeLimitSec: 30,
  },
  {
    kind: "NUMERIC",
    prompt: "How many chromosomes in a human cell?",
    numericAnswer: 46,
    tolerance: 0,
    timeLimitSec: 30,
  },
];

/** Binds every channel of team A to a new course (as its admin) and stores an approved quiz in it. */
export async function seedQuizCourse(
  t: TestSlackApp,
  quizzes: Array<{ title: string; questions: QuestionInput[] }> = [
    { title: "Organelles", questions: ORGANELLES },
  ],
): Promise<{ courseId: string; quizIds: string[] }> {
  const { course } = await bindSpace(t.deps.db, {
    actor: slackActor(TEAM_A.teamId, TEACHER, "Teacher"),
    space: slackSpace(TEAM_A.teamId, "C0ANY"),
    scope: "tenant",
    platformStaff: true,
    course: { create: "Biology 101" },
  });
  const quizIds = [];
  for (const quiz of quizzes)
    quizIds.push(
      (await saveQuiz(t.deps.db, { courseId: course.id, origin: "AUTHORED", approved: true, ...quiz }))
        .quizId,
    );
  return { courseId: course.id, quizIds };
}

export interface BoardView {
  ts: string;
  text: string;
  blocks: SlackBlock[];
  call: SlackApiCall;
}

/** Every version of the game messages the bot posted in `channel` (the post, then each update). */
export function boardViews(t: TestSlackApp, channel: string): BoardView[] {
  const posts = t.api.callsTo("chat.postMessage", (c) => c.args.channel === channel && !c.args.thread_ts);
  const tss = new Set(posts.map((c) => String(c.response?.ts)));
  return t.api.calls
    .filter(
      (c) =>
        (c.method === "chat.postMessage" && posts.includes(c)) ||
        (c.method === "chat.update" && tss.has(String(c.args.ts))),
    )
    .map((call) => {
      const blocks = (call.args.blocks ?? []) as SlackBlock[];
      const ts = String(call.method === "chat.update" ? call.args.ts : call.response?.ts);
      return { ts, text: blockKitText(blocks), blocks, call };
    });
}

/** The first version of a game message in `channel` (after `since` versions) that satisfies `predicate`. */
export async function waitForBoard(
  t: TestSlackApp,
  channel: string,
  predicate: (text: string) => boolean,
  options: { since?: number; timeoutMs?: number } = {},
): Promise<BoardView & { index: number }> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const views = boardViews(t, channel);
    const index = views.findIndex((v, i) => i >= (options.since ?? 0) && predicate(v.text));
    if (index >= 0) return { ...views[index]!, index };
    if (Date.now() > deadline)
      throw new Error(
        `no game message in ${channel} matched; latest:\n${views.at(-1)?.text ?? "(none)"}\n${t.api.calls.map((c) => `${c.at} ${c.method} ${String(c.args.channel)} ${String(c.args.ts ?? "")} ${String(c.args.text ?? "").slice(0, 40)}`).join("\n")}\n${t.logLines.slice(-30).join("\n").slice(0, 6000)}`,
      );
    await sleep(20);
  }
}

/** The action_id of the button labelled `label` (exactly, or starting with it) in `blocks`. */
export function buttonId(blocks: SlackBlock[], label: string): string {
  for (const block of blocks) {
    if (block.type !== "actions") continue;
    for (const element of block.elements) {
      if (element.type !== "button") continue;
      const text = element.text.text;
      if ((text === label || text.startsWith(label)) && element.action_id) return element.action_id;
    }
  }
  throw new Error(`no button "${label}" in:\n${blockKitText(blocks)}`);
}

/** Clicks a button and returns the private answer posted to the click's response_url. */
export async function clickAndRead(
  t: TestSlackApp,
  user: string,
  channel: string,
  actionId: string,
): Promise<{ text: string; body: Record<string, unknown>; ms: number }> {
  const result = await t.click(user, channel, actionId, { displayName: `Player ${user}` });
  if (result.status !== 200) throw new Error(`click answered ${result.status}`);
  const path = new URL(result.responseUrl).pathname;
  const response = await t.api.waitForResponse((r) => r.path === path);
  return {
    text: blockKitText((response.body.blocks ?? []) as SlackBlock[]),
    body: response.body,
    ms: result.ms,
  };
}

/** Submits the quiz answer form with `value` (typed text) or `choices` (checkbox indexes). */
export function submitAnswerForm(
  t: TestSlackApp,
  user: string,
  privateMetadata: string,
  answer: { value: string } | { choices: number[] },
) {
  const state =
    "value" in answer
      ? { type: "plain_text_input", value: answer.value }
      : { type: "checkboxes", selected_options: answer.choices.map((c) => ({ value: String(c) })) };
  return t.send(
    interactive(
      viewSubmissionPayload({
        teamId: TEAM_A.teamId,
        userId: user,
        callbackId: QUIZ_ANSWER_CALLBACK_ID,
        values: { [QUIZ_ANSWER_INPUT]: { [QUIZ_ANSWER_INPUT]: state } },
        privateMetadata,
      }),
    ),
  );
}

/** Runs `/studyhall <text>` and returns what it answered through its response_url (the last answer). */
export async function commandAndRead(
  t: TestSlackApp,
  user: string,
  channel: string,
  text: string,
  options: { answers?: number } = {},
): Promise<{ text: string; body: Record<string, unknown>; earlier: string[] }> {
  const result = await t.command(user, channel, text);
  if (result.status !== 200) throw new Error(`command answered ${result.status}`);
  if (result.text) {
    const body = JSON.parse(result.text) as Record<string, unknown>;
    return { text: blockKitText((body.blocks ?? []) as SlackBlock[]), body, earlier: [] };
  }
  const path = new URL(result.responseUrl).pathname;
  const count = options.answers ?? 1;
  const deadline = Date.now() + 15_000;
  for (;;) {
    const answers = t.api.responses.filter((r) => r.path === path);
    if (answers.length >= count) {
      const texts = answers.map((a) => blockKitText((a.body.blocks ?? []) as SlackBlock[]));
      return { text: texts[count - 1]!, body: answers[count - 1]!.body, earlier: texts.slice(0, count - 1) };
    }
    if (Date.now() > deadline) throw new Error(`no answer ${count} to /studyhall ${text}`);
    await sleep(20);
  }
}
