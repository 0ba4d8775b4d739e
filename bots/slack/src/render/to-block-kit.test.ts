import { describe, expect, it } from "vitest";
import { assertBlockKitLimits } from "../testing/assert-block-kit-limits.ts";
import { decodeAction, encodeAction } from "./action-codec.ts";
import { SLACK_MAX_BLOCKS, SLACK_MAX_SECTION_TEXT } from "./block-kit-limits.ts";
import { blockKitActionIds, blockKitText } from "./block-kit-text.ts";
import { splitText, toMrkdwn } from "./slack-mrkdwn.ts";
import { toBlockKit } from "./to-block-kit.ts";

const messageId = "7d3f6a2e-3c1b-4d5e-9f8a-1b2c3d4e5f60";

describe("toMrkdwn", () => {
  it("turns light markdown into Slack mrkdwn and escapes control characters", () => {
    expect(toMrkdwn("**ATP** & <b> [docs](https://x.test/a?b=1&c=2)")).toBe(
      "*ATP* &amp; &lt;b&gt; <https://x.test/a?b=1&c=2|docs>",
    );
    expect(toMrkdwn("# Title\n- one\n- two")).toBe("*Title*\n• one\n• two");
  });
});

describe("splitText", () => {
  it("splits at sentence or word boundaries and loses nothing", () => {
    const text = Array.from({ length: 200 }, (_, i) => `Word${i} ends here.`).join(" ");
    const pieces = splitText(text, 100);
    expect(pieces.every((p) => p.length <= 100)).toBe(true);
    expect(pieces.join(" ")).toBe(text);
    expect(pieces.every((p) => p.endsWith("."))).toBe(true);
  });

  it("cuts a single overlong word only where it must", () => {
    expect(splitText("x".repeat(250), 100)).toEqual(["x".repeat(100), "x".repeat(100), "x".repeat(50)]);
  });
});

describe("toBlockKit", () => {
  it("renders notices with an icon and keeps private replies ephemeral", () => {
    const out = toBlockKit({
      visibility: "private",
      blocks: [{ type: "notice", tone: "warning", text: "Careful" }],
    });
    expect(out.ephemeral).toBe(true);
    expect(blockKitText(out.blocks)).toBe(":warning: Careful");
    expect(out.text).toBe("Careful");
  });

  it("stays within the block limit for an enormous answer and says it was cut", () => {
    const huge = "Long sentence about cells. ".repeat(Math.ceil((SLACK_MAX_SECTION_TEXT * 60) / 27));
    const out = toBlockKit({ visibility: "public", blocks: [{ type: "text", text: huge }] });
    expect(out.blocks).toHaveLength(SLACK_MAX_BLOCKS);
    expect(blockKitText(out.blocks)).toMatch(/too long for one Slack message/);
    assertBlockKitLimits(out.blocks);
  });

  it("renders link buttons with their URL and a decodable id", () => {
    const out = toBlockKit({
      visibility: "public",
      blocks: [
        {
          type: "buttons",
          buttons: [{ label: "Open", action: { kind: "open", url: "https://lms.test/x" } }],
        },
      ],
    });
    const actions = out.blocks[0];
    expect(actions?.type).toBe("actions");
    if (actions?.type !== "actions") return;
    const [button] = actions.elements;
    expect(button).toMatchObject({
      type: "button",
      url: "https://lms.test/x",
      action_id: "sh:open:https://lms.test/x",
    });
    expect(decodeAction("sh:open:https://lms.test/x")).toEqual({ kind: "open", url: "https://lms.test/x" });
  });
});

describe("action codec", () => {
  it("round-trips feedback votes and rejects malformed ids", () => {
    const up = encodeAction({ kind: "tutor.feedback", messageId, vote: 1 });
    expect(decodeAction(up)).toEqual({ kind: "tutor.feedback", messageId, vote: 1 });
    expect(decodeAction("sh:fb:not-a-uuid:up")).toBeNull();
    expect(decodeAction(`sh:fb:${messageId}:sideways`)).toBeNull();
    expect(decodeAction("sh:open:javascript:alert(1)")).toBeNull();
  });

  it("round-trips a study session's RSVP choices and I'm here, each its own id, and rejects others", () => {
    const sessionId = messageId;
    const ids = (["GOING", "MAYBE", "NOT_GOING"] as const).map((choice) =>
      encodeAction({ kind: "session.rsvp", sessionId, choice }),
    );
    expect(new Set(ids).size).toBe(3);
    expect(ids.map(decodeAction)).toEqual(
      (["GOING", "MAYBE", "NOT_GOING"] as const).map((choice) => ({
        kind: "session.rsvp",
        sessionId,
        choice,
      })),
    );
    const join = encodeAction({ kind: "session.join", sessionId });
    expect(decodeAction(join)).toEqual({ kind: "session.join", sessionId });
    expect(join.length).toBeLessThanOrEqual(255);
    expect(decodeAction(`sh:ss:r:${sessionId}:x`)).toBeNull();
    expect(decodeAction("sh:ss:j:")).toBeNull();
  });

  it("gives overlong link URLs a short id instead of breaking the action_id limit", () => {
    const url = `https://lms.test/${"a".repeat(300)}`;
    expect(encodeAction({ kind: "open", url }, 3)).toBe("sh:open#3");
    expect(decodeAction("sh:open#3")).toBeNull();
  });
});

describe("quiz buttons and countdowns", () => {
  const sessionId = "0f8fad5b-d9cb-469f-a165-70867728950e";

  it("prefixes core's quiz action ids with sh: and decodes them back, refusing tampered ids", () => {
    const action = { kind: "quiz.answer" as const, sessionId, questionIndex: 3, choice: 2 };
    expect(encodeAction(action)).toBe(`sh:q:ans:${sessionId}:3:2`);
    expect(decodeAction(`sh:q:ans:${sessionId}:3:2`)).toEqual(action);
    expect(decodeAction(`sh:q:ctl:${sessionId}:reboot`)).toBeNull();
    expect(decodeAction(`q:ans:${sessionId}:3:2`)).toBeNull();
  });

  it("renders a countdown at the time given", () => {
    const out = toBlockKit(
      {
        visibility: "public",
        blocks: [
          { type: "countdown", label: "Time left", endsAt: "2030-01-01T12:00:20.000Z", totalSeconds: 20 },
        ],
      },
      { now: Date.parse("2030-01-01T12:00:15Z") },
    );
    expect(blockKitText(out.blocks)).toMatch(/^⏱ Time left: \*5 s\*/);
  });
});

describe("study buttons", () => {
  const cardId = "0b6f1c9e-2a4d-4c8e-9b1a-5d7e3f2a1c00";

  it("draws a card's four ratings with their intervals in one row, each id decoding to its rating", () => {
    const ratings = [
      { label: "Again · 1m", rating: 1 },
      { label: "Hard · 6m", rating: 2 },
      { label: "Good · 4d", rating: 3 },
      { label: "Easy · 3mo", rating: 4 },
    ] as const;
    const out = toBlockKit({
      visibility: "private",
      blocks: [
        { type: "text", text: "**What makes ATP?**\n\nMitochondria" },
        {
          type: "buttons",
          buttons: ratings.map((r) => ({
            label: r.label,
            action: { kind: "card.rate", cardId, reps: 2, rating: r.rating },
          })),
        },
      ],
      files: [
        {
          name: "deck.apkg",
          mimeType: "application/octet-stream",
          title: "Deck",
          content: new Uint8Array(4),
        },
      ],
    });
    assertBlockKitLimits(out.blocks);
    const row = out.blocks.filter((b) => b.type === "actions");
    expect(row).toHaveLength(1);
    expect(blockKitText(out.blocks)).toContain("Good · 4d");
    expect(blockKitActionIds(out.blocks).map(decodeAction)).toEqual(
      ratings.map((r) => ({ kind: "card.rate", cardId, reps: 2, rating: r.rating })),
    );
    // Files are uploaded beside the message, never drawn into its blocks.
    expect(JSON.stringify(out.blocks)).not.toContain("deck.apkg");
  });

  it("refuses a study id whose parts were tampered with", () => {
    const id = encodeAction({ kind: "card.show", cardId, reps: 0 });
    expect(id.startsWith("sh:s:")).toBe(true);
    expect(decodeAction(id)).toEqual({ kind: "card.show", cardId, reps: 0 });
    expect(decodeAction(id.replace(cardId, "not-a-card"))).toBeNull();
  });
});
