// Helpers for the study tools' integration tests: the messages of a person's DM with the app as the fake
// Slack saw them (each post, then each edit), modals opened, and forms submitted.
import { setTimeout as sleep } from "node:timers/promises";
import { interactive, viewSubmissionPayload } from "../../../../test/support/fake-slack-payloads.ts";
import type { SlackApiCall } from "../../../../test/support/fake-slack-web-api.ts";
import { blockKitText } from "../render/block-kit-text.ts";
import type { SlackBlock } from "../render/to-block-kit.ts";
import { TEAM_A, type TestSlackApp } from "./start-test-slack-app.ts";

/** The channel the fake Slack gives a user's DM with the app (conversations.open, or a post to their id). */
export const dmOf = (user: string) => `D${user}`;

export interface MessageVersion {
  method: string;
  ts: string;
  text: string;
  blocks: SlackBlock[];
  call: SlackApiCall;
}

/** Every message posted or edited in `channel`, in order. */
export function messagesIn(t: TestSlackApp, channel: string): MessageVersion[] {
  return t.api.calls
    .filter(
      (c) =>
        (c.method === "chat.postMessage" ||
          c.method === "chat.update" ||
          c.method === "chat.postEphemeral") &&
        // A post to a user id lands in their DM, which the answer names.
        String(c.response?.channel ?? c.args.channel) === channel,
    )
    .map((call) => {
      const blocks = (call.args.blocks ?? []) as SlackBlock[];
      const ts = String(call.method === "chat.update" ? call.args.ts : (call.response?.ts ?? ""));
      return { method: call.method, ts, text: blockKitText(blocks), blocks, call };
    });
}

/** The first message version in `channel` after `since` versions that satisfies `predicate`. */
export async function waitForMessage(
  t: TestSlackApp,
  channel: string,
  predicate: (m: MessageVersion) => boolean,
  since = 0,
): Promise<MessageVersion & { index: number }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const versions = messagesIn(t, channel);
    const index = versions.findIndex((v, i) => i >= since && predicate(v));
    if (index >= 0) return { ...versions[index]!, index };
    if (Date.now() > deadline)
      throw new Error(
        `no message in ${channel} matched; latest:\n${versions.at(-1)?.text ?? "(none)"}\n${t.logLines.slice(-10).join("\n").slice(0, 4000)}`,
      );
    await sleep(20);
  }
}

/** The last modal opened with `callbackId` (views.open), after `since` opened ones. */
export async function waitForModal(
  t: TestSlackApp,
  callbackId: string,
  since = 0,
): Promise<{ privateMetadata: string; blocks: unknown[]; count: number }> {
  const calls = await t.api.waitFor(
    "views.open",
    (c) => (c.args.view as { callback_id?: string }).callback_id === callbackId,
    { count: since + 1 },
  );
  const view = calls.at(-1)!.args.view as { private_metadata: string; blocks: unknown[] };
  return { privateMetadata: view.private_metadata, blocks: view.blocks, count: calls.length };
}

/** Submits a modal whose one input (`block` = action id) holds `value` (typed) or `choices` (checkboxes). */
export function submitModal(
  t: TestSlackApp,
  user: string,
  form: { callbackId: string; block: string; privateMetadata: string },
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
        callbackId: form.callbackId,
        values: { [form.block]: { [form.block]: state } },
        privateMetadata: form.privateMetadata,
      }),
    ),
  );
}
