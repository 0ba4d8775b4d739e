import type { Reply } from "@studyhall/core";
import { describe, expect, it } from "vitest";
import { ANSWER, QUIZ_QUESTION } from "../../../../test/support/reply-contract.ts";
import { toDiscordMessages } from "./to-discord-messages.ts";

describe("toDiscordMessages", () => {
  it("splits a 2,500-character answer into two messages with the buttons on the last", () => {
    const text = Array.from({ length: 40 }, (_, i) => `Point ${i + 1} is about ATP synthesis in cells.`).join(
      " ",
    );
    const long: Reply = {
      ...ANSWER,
      blocks: [{ type: "text", text: text.padEnd(2_500, " x") }, ...ANSWER.blocks.slice(1)],
    };
    const messages = toDiscordMessages(long);
    expect(messages).toHaveLength(2);
    expect(messages[0]!.components).toEqual([]);
    expect(messages[1]!.components[0]!.components).toHaveLength(2);
    expect(messages[1]!.content).toContain("**Sources**");
    for (const m of messages) expect(m.content.length).toBeLessThanOrEqual(2_000);
  });

  it("renders open actions as link buttons without a custom id", () => {
    const [message] = toDiscordMessages({
      visibility: "public",
      blocks: [
        {
          type: "buttons",
          buttons: [{ label: "Open", action: { kind: "open", url: "https://example.org/" } }],
        },
      ],
    });
    expect(message!.components[0]!.components[0]).toMatchObject({ style: 5, url: "https://example.org/" });
    expect(message!.components[0]!.components[0]).not.toHaveProperty("custom_id");
  });

  it("never lets rendered text ping anyone", () => {
    const [message] = toDiscordMessages({
      visibility: "public",
      blocks: [{ type: "text", text: "@everyone look" }],
    });
    expect(message!.allowed_mentions).toEqual({ parse: [] });
  });

  it("shows a quiz countdown as a live relative timestamp that counts down by itself", () => {
    const [message] = toDiscordMessages(QUIZ_QUESTION);
    const epoch = Date.parse("2030-01-01T12:00:20.000Z") / 1000;
    expect(message!.content).toContain(`⏱ **Time left:** ends <t:${epoch}:R> (<t:${epoch}:T>)`);
  });

  it("puts each buttons block on rows of its own: answers above the host's controls", () => {
    const [message] = toDiscordMessages(QUIZ_QUESTION);
    expect(
      message!.components.map((row) => row.components.map((c) => ("label" in c ? c.label : ""))),
    ).toEqual([
      ["A. Nucleus", "B. Mitochondria", "C. Ribosome", "D. Golgi apparatus", "E. Lysosome"],
      ["Pause", "Skip", "End quiz"],
    ]);
    expect(message!.components[0]!.components[1]).toMatchObject({
      custom_id: "sh:q:ans:0f8fad5b-d9cb-469f-a165-70867728950e:1:1",
    });
  });
});
