import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SlackApiCall } from "../../../test/support/fake-slack-web-api.ts";
import { blockKitText } from "./render/block-kit-text.ts";
import type { SlackBlock } from "./render/to-block-kit.ts";
import {
  buttonId,
  clickAndRead,
  commandAndRead,
  seedQuizCourse,
  TEACHER,
  waitForBoard,
} from "./testing/quiz-test-kit.ts";
import { startTestSlackApp, type TestSlackApp } from "./testing/start-test-slack-app.ts";

// A question's clock starts when Slack has accepted the chat.update that shows it, not when the game
// moved on: the edit-rate wait and the edit itself do not count against the players.
let t: TestSlackApp;
const P1 = "U0P1";
const channel = "C0CLOCK";

beforeAll(async () => {
  t = await startTestSlackApp();
  await seedQuizCourse(t);
});
afterAll(() => t?.close());

const textOf = (call: SlackApiCall) => blockKitText((call.args.blocks ?? []) as SlackBlock[]);

/** The chat.update showing `text`, once the fake has received it (while it is still being held). */
async function heldEdit(text: string): Promise<SlackApiCall> {
  // Polled: the fake wakes its waiters when it answers a call, and this one is not answered yet.
  for (let tries = 0; tries < 500; tries++) {
    const call = t.api.callsTo("chat.update", (c) => textOf(c).includes(text))[0];
    if (call) return call;
    await sleep(20);
  }
  throw new Error(`no chat.update showing "${text}"`);
}

async function databaseNow(): Promise<number> {
  const [row] = await t.deps.db.$queryRaw<Array<{ now: Date }>>`SELECT clock_timestamp() AS now`;
  return row!.now.getTime();
}

describe("a live question's clock in Slack", () => {
  it("runs from the moment Slack accepted the question's chat.update: deadline = acceptance + the question's seconds", async () => {
    expect((await commandAndRead(t, TEACHER, channel, "quiz start seconds=5 reveal=60")).text).toMatch(
      /lobby is open/,
    );
    const lobby = await waitForBoard(t, channel, (x) => x.includes("Live quiz"));
    await clickAndRead(t, P1, channel, buttonId(lobby.blocks, "Join"));
    await waitForBoard(t, channel, (x) => /\*Players\*\n1/.test(x));

    // Slack holds the edit that shows the question until the test lets it through.
    let accept!: () => void;
    const accepted = new Promise<void>((resolve) => {
      accept = resolve;
    });
    t.api.setHandler("chat.update", async (call) => {
      if (textOf(call).includes("What makes ATP?")) await accepted;
      return { ok: true, channel: call.args.channel, ts: call.args.ts, text: call.args.text };
    });
    const starting = clickAndRead(t, TEACHER, channel, buttonId(lobby.blocks, "Start"));
    const edit = await heldEdit("What makes ATP?");

    const session = () => t.deps.db.quizSession.findFirstOrThrow({ where: { spaceId: channel } });
    expect(await session()).toMatchObject({ state: "QUESTION", questionStartedAt: null });
    // A click that somehow arrives before Slack shows the question is refused and not counted.
    const early = await clickAndRead(
      t,
      P1,
      channel,
      buttonId(edit.args.blocks as SlackBlock[], "B. Mitochondria"),
    );
    expect(early.text).toMatch(/has not opened yet/);
    expect(await t.deps.db.answer.count()).toBe(0);

    const beforeAcceptance = await databaseNow();
    accept();
    expect((await starting).text).toMatch(/The quiz has started/);
    const afterAcceptance = await databaseNow();
    const opened = await session();
    const startedAt = opened.questionStartedAt!.getTime();
    expect(startedAt).toBeGreaterThanOrEqual(beforeAcceptance);
    expect(startedAt).toBeLessThanOrEqual(afterAcceptance);
    expect(opened.questionEndsAt!.getTime()).toBe(startedAt + 5000);
    // The held edit was the first to show the question, and Slack answered it before the clock started.
    const showing = t.api.callsTo("chat.update", (c) => textOf(c).includes("What makes ATP?"));
    expect(showing[0]).toBe(edit);
    expect(edit.response).toMatchObject({ ok: true });

    const locked = await clickAndRead(
      t,
      P1,
      channel,
      buttonId(edit.args.blocks as SlackBlock[], "B. Mitochondria"),
    );
    expect(locked.text).toMatch(/Locked in: B\. Mitochondria/);
  }, 60_000);
});
