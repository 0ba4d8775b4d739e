import { bindSpace } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slackActor, slackSpace } from "./slack/slack-identity.ts";
import { assertBlockKitLimits } from "./testing/assert-block-kit-limits.ts";
import { buttonId, commandAndRead } from "./testing/quiz-test-kit.ts";
import { startTestSlackApp, TEAM_A, type TestSlackApp } from "./testing/start-test-slack-app.ts";
import { dmOf, messagesIn, submitModal, waitForMessage, waitForModal } from "./testing/study-test-kit.ts";
import { DECK_IMPORT_CALLBACK_ID, DECK_IMPORT_INPUT } from "./views/deck-import-modal.ts";

// Flashcards in Slack through real Bolt over HTTP against the fake Web API: cards made with the
// command, reviewed in the DM with the app (each click edits the one message), imports and exports.
let t: TestSlackApp;
let now = new Date("2026-12-07T15:00:00.000Z");
const STUDENT = "U0STUDENT";
const DM = dmOf(STUDENT);

beforeAll(async () => {
  t = await startTestSlackApp({ clock: () => now });
  await bindSpace(t.deps.db, {
    actor: slackActor(TEAM_A.teamId, "U0ADMINA", "Teacher"),
    space: slackSpace(TEAM_A.teamId, "C0BIO"),
    platformStaff: true,
    course: { create: "Biology 101" },
  });
});
afterAll(() => t?.close());

describe("reviewing flashcards in the DM", () => {
  it("shows the front, a hint, the back with intervals, counts a twice-delivered rating once, and ends with what is due today", async () => {
    const added = await commandAndRead(
      t,
      STUDENT,
      "C0BIO",
      "card add What makes ATP? | Mitochondria | Think power plant",
    );
    expect(added.text).toMatch(/Added to/);
    expect(added.body.response_type).toBe("ephemeral");

    const started = await commandAndRead(t, STUDENT, "C0BIO", "review");
    expect(started.text).toMatch(/direct message/);
    const front = await waitForMessage(
      t,
      DM,
      (m) => m.method === "chat.postMessage" && /What makes ATP\?/.test(m.text),
    );
    assertBlockKitLimits(front.blocks);
    expect(front.text).not.toMatch(/Mitochondria/);

    await t.click(STUDENT, DM, buttonId(front.blocks, "Hint"), { messageTs: front.ts });
    const hinted = await waitForMessage(
      t,
      DM,
      (m) => m.method === "chat.update" && /Think power plant/.test(m.text),
      front.index + 1,
    );
    expect(hinted.ts).toBe(front.ts);

    await t.click(STUDENT, DM, buttonId(hinted.blocks, "Show"), { messageTs: front.ts });
    const back = await waitForMessage(
      t,
      DM,
      (m) => m.method === "chat.update" && /Mitochondria/.test(m.text),
      hinted.index + 1,
    );
    assertBlockKitLimits(back.blocks);
    expect(back.ts).toBe(front.ts);
    expect(back.text).toMatch(/Good · \d+(m|h|d|mo|y)/);
    expect(back.text).toMatch(/Again · /);

    // The same click twice: a retried delivery, or the same card open in two windows.
    const good = buttonId(back.blocks, "Good");
    const first = await t.click(STUDENT, DM, good, { messageTs: front.ts });
    const second = await t.click(STUDENT, DM, good, { messageTs: front.ts });
    expect([first.status, second.status]).toEqual([200, 200]);
    await t.frontEnd.idle();
    const edits = messagesIn(t, DM).slice(back.index + 1);
    expect(edits.map((e) => e.method)).toEqual(["chat.update", "chat.update"]);
    expect(edits.every((e) => e.ts === front.ts)).toBe(true);
    expect(edits.some((e) => /already reviewed/i.test(e.text))).toBe(true);
    expect(edits.at(-1)!.text).toMatch(/due today/);
    expect(await t.database.prisma.reviewLog.count()).toBe(1);
    expect(await t.database.prisma.cardState.findMany({ select: { reps: true } })).toEqual([{ reps: 1 }]);
  });

  it("brings the card back once the clock has moved a day", async () => {
    const before = messagesIn(t, DM).length;
    const nothing = await commandAndRead(t, STUDENT, DM, "review");
    expect(nothing.text).not.toMatch(/What makes ATP/);
    now = new Date(now.getTime() + 24 * 60 * 60 * 1000);
    await commandAndRead(t, STUDENT, "C0BIO", "review");
    const again = await waitForMessage(
      t,
      DM,
      (m) => m.method === "chat.postMessage" && /What makes ATP\?/.test(m.text),
      before,
    );
    expect(again.text).toMatch(/Show/);
  });
});

describe("refusals", () => {
  it("refuses a card over the limit, naming it, and adds nothing", async () => {
    const cards = await t.database.prisma.card.count();
    const refused = await commandAndRead(t, STUDENT, "C0BIO", `card add Long one | ${"word ".repeat(400)}`);
    expect(refused.text).toMatch(/1,500 characters/);
    expect(await t.database.prisma.card.count()).toBe(cards);
  });

  it("refuses to export an empty deck", async () => {
    await commandAndRead(t, STUDENT, "C0BIO", "deck new Empty one");
    const refused = await commandAndRead(t, STUDENT, "C0BIO", "deck export Empty one");
    expect(refused.text).toMatch(/empty|no cards/i);
    expect(t.api.uploads()).toHaveLength(0);
  });

  it("exports a deck with cards as an Anki package in the DM", async () => {
    const answered = await commandAndRead(t, STUDENT, "C0BIO", "deck export 1");
    expect(answered.text).toMatch(/\.apkg/);
    const [upload] = t.api.uploads();
    expect(upload).toMatchObject({ channelId: DM, filename: expect.stringMatching(/\.apkg$/) });
    // An .apkg is a zip file.
    expect(upload!.body.includes(Buffer.from("PK\u0003\u0004", "latin1"))).toBe(true);
  });
});

describe("importing pasted cards", () => {
  it("opens a paste form, refuses a malformed line by its number, then imports a good paste", async () => {
    const opened = await t.command(STUDENT, "C0BIO", "deck import Cells");
    expect(opened).toMatchObject({ status: 200, text: "" });
    const modal = await waitForModal(t, DECK_IMPORT_CALLBACK_ID);
    const form = {
      callbackId: DECK_IMPORT_CALLBACK_ID,
      block: DECK_IMPORT_INPUT,
      privateMetadata: modal.privateMetadata,
    };
    const decks = await t.database.prisma.deck.count();

    const bad = await submitModal(t, STUDENT, form, {
      value: "nucleus\tholds DNA\nribosome makes proteins\nvacuole\tstores water",
    });
    expect(bad.status).toBe(200);
    const refusal = JSON.parse(bad.text) as { response_action: string; errors: Record<string, string> };
    expect(refusal.response_action).toBe("errors");
    expect(refusal.errors[DECK_IMPORT_INPUT]).toMatch(/line 2/i);
    expect(await t.database.prisma.deck.count()).toBe(decks);

    const good = await submitModal(t, STUDENT, form, { value: "nucleus\tholds DNA\nvacuole\tstores water" });
    expect(good.status).toBe(200);
    expect(good.text).toBe("");
    const confirmed = await waitForMessage(t, "C0BIO", (m) => /Imported 2 cards/.test(m.text));
    expect(confirmed.method).toBe("chat.postEphemeral");
  });
});

describe("the daily nudge", () => {
  it("arrives in the person's DM with the app, posted to their user id with their workspace's bot token", async () => {
    await t.frontEnd.studyNudgeSender.send({
      tenant: TEAM_A.teamId,
      externalId: STUDENT,
      reply: {
        visibility: "private",
        blocks: [
          { type: "text", text: "**3 cards** are due today." },
          {
            type: "buttons",
            buttons: [{ label: "Review now", action: { kind: "card.review", courseId: "" } }],
          },
        ],
      },
    });
    const nudge = await waitForMessage(t, DM, (m) => /3 cards/.test(m.text));
    expect(nudge.method).toBe("chat.postMessage");
    expect(nudge.call.token).toBe(TEAM_A.botToken);
    // Posted to the user id (Slack puts it in the app's DM), not to a channel conversations.open found.
    expect(nudge.call.args.channel).toBe(STUDENT);
    expect(nudge.text).toMatch(/Review now/);
  });
});
