import type { Reply } from "@studyhall/core";
import { describe, expect, it } from "vitest";
import { decodeAction } from "./action-codec.ts";
import { discordFilesOf } from "./discord-files.ts";
import {
  DISCORD_MAX_ATTACHMENTS,
  DISCORD_MAX_BUTTON_LABEL,
  DISCORD_MAX_CUSTOM_ID,
} from "./discord-limits.ts";
import { toDiscordMessages } from "./to-discord-messages.ts";

const cardId = "7d3c1f0e-2b4a-4c8e-9f1a-0123456789ab";
const ratings = [
  ["Again · 1m", 1],
  ["Hard · 6m", 2],
  ["Good · 4d", 3],
  ["Easy · 3mo", 4],
] as const;

const back: Reply = {
  visibility: "private",
  blocks: [
    { type: "text", text: "**Front:** What makes ATP?\n**Back:** Mitochondria" },
    {
      type: "buttons",
      buttons: ratings.map(([label, rating]) => ({
        label,
        action: { kind: "card.rate" as const, cardId, reps: 12_345, rating },
      })),
    },
  ],
};

describe("study replies on Discord", () => {
  it("draws the four ratings on one row, labelled with their intervals, and decodes each back", () => {
    const [message] = toDiscordMessages(back);
    expect(message!.components).toHaveLength(1);
    const buttons = message!.components[0]!.components as Array<{ label: string; custom_id: string }>;
    expect(buttons.map((b) => b.label)).toEqual(ratings.map(([label]) => label));
    for (const [i, b] of buttons.entries()) {
      expect(b.label.length).toBeLessThanOrEqual(DISCORD_MAX_BUTTON_LABEL);
      expect(b.custom_id.length).toBeLessThanOrEqual(DISCORD_MAX_CUSTOM_ID);
      expect(decodeAction(b.custom_id)).toEqual({
        kind: "card.rate",
        cardId,
        reps: 12_345,
        rating: ratings[i]![1],
      });
    }
  });

  it("turns a reply's files into uploads with their names and types, at most a message's worth", () => {
    const file = (name: string) => ({
      name,
      mimeType: "text/markdown",
      title: name,
      content: new TextEncoder().encode(`# ${name}`),
    });
    const files = discordFilesOf({
      ...back,
      files: Array.from({ length: DISCORD_MAX_ATTACHMENTS + 2 }, (_, i) => file(`guide-${i}.md`)),
    });
    expect(files).toHaveLength(DISCORD_MAX_ATTACHMENTS);
    expect(files[0]).toMatchObject({ name: "guide-0.md", contentType: "text/markdown" });
    expect(Buffer.from(files[0]!.data).toString("utf8")).toBe("# guide-0.md");
    expect(discordFilesOf(back)).toEqual([]);
  });
});
