import { runReplyContract } from "../../../../test/support/reply-contract.ts";
import { decodeAction } from "./action-codec.ts";
import {
  DISCORD_MAX_ACTION_ROWS,
  DISCORD_MAX_BUTTON_LABEL,
  DISCORD_MAX_BUTTONS_PER_ROW,
  DISCORD_MAX_CONTENT,
  DISCORD_MAX_CUSTOM_ID,
} from "./discord-limits.ts";
import { type DiscordMessage, toDiscordMessages } from "./to-discord-messages.ts";

const EPHEMERAL = 1 << 6;
const labelOf = (c: object): string => ("label" in c && typeof c.label === "string" ? c.label : "");

runReplyContract<DiscordMessage[]>({
  name: "Discord messages",
  capabilities: { buttons: true, privacy: true },
  render: toDiscordMessages,
  visibleText: (messages) =>
    messages
      .flatMap((m) => [m.content, ...m.components.flatMap((row) => row.components.map((c) => labelOf(c)))])
      .join("\n"),
  actionIds: (messages) =>
    messages.flatMap((m) =>
      m.components.flatMap((row) => row.components.flatMap((c) => ("custom_id" in c ? [c.custom_id] : []))),
    ),
  decodeAction,
  assertWithinLimits: (messages) => {
    for (const m of messages) {
      if (m.content.length > DISCORD_MAX_CONTENT)
        throw new Error(`content of ${m.content.length} characters`);
      if (m.components.length > DISCORD_MAX_ACTION_ROWS) throw new Error("too many action rows");
      for (const row of m.components) {
        if (row.components.length > DISCORD_MAX_BUTTONS_PER_ROW) throw new Error("too many buttons in a row");
        for (const c of row.components) {
          if (labelOf(c).length > DISCORD_MAX_BUTTON_LABEL) throw new Error("button label too long");
          if ("custom_id" in c && c.custom_id.length > DISCORD_MAX_CUSTOM_ID)
            throw new Error("custom id too long");
        }
      }
    }
  },
  isPrivate: (messages) => messages.every((m) => ((m.flags ?? 0) & EPHEMERAL) !== 0),
});
