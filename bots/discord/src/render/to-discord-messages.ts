import type { Citation, Reply, ReplyBlock, ReplyButton } from "@studyhall/core";
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIStringSelectComponent,
  ButtonStyle,
  ComponentType,
  MessageFlags,
} from "discord.js";
import { encodeAction } from "./action-codec.ts";
import {
  DISCORD_MAX_ACTION_ROWS,
  DISCORD_MAX_BUTTON_LABEL,
  DISCORD_MAX_BUTTONS_PER_ROW,
  DISCORD_MAX_CONTENT,
} from "./discord-limits.ts";
import { splitText } from "./split-text.ts";

/** A row of buttons, or one select menu (a quiz's multiple-select answer form). */
export type DiscordActionRow = APIActionRowComponent<APIButtonComponent | APIStringSelectComponent>;

/** One message body as Discord's API takes it (interaction reply, webhook edit, channel message). */
export interface DiscordMessage {
  content: string;
  components: DiscordActionRow[];
  /** Ephemeral for private replies; Discord only honours it when the message is created. */
  flags?: number;
  /** Answers quote course materials and model output: never let them ping anyone. */
  allowed_mentions: { parse: [] };
}

const TONE: Record<"info" | "warning" | "error", string> = { info: "ℹ️", warning: "⚠️", error: "❌" };
const PROGRESS_CELLS = 10;

/**
 * Renders a neutral reply as one or more Discord messages, in order. Text longer than one message is
 * split cleanly (see splitText); buttons go on the last message so they sit under the citations, each
 * buttons block on rows of its own (a quiz's answers above its host controls).
 */
export function toDiscordMessages(reply: Reply): DiscordMessage[] {
  const text = reply.blocks
    .map(renderBlock)
    .filter((s) => s.length > 0)
    .join("\n\n");
  const parts = splitText(text.length > 0 ? text : "\u200b", DISCORD_MAX_CONTENT);
  const buttons = reply.blocks.flatMap((b) => (b.type === "buttons" ? [b.buttons] : []));
  const flags = reply.visibility === "private" ? MessageFlags.Ephemeral : undefined;
  return parts.map((content, i) => ({
    content,
    components: i === parts.length - 1 ? buttonRows(buttons) : [],
    ...(flags === undefined ? {} : { flags }),
    allowed_mentions: { parse: [] },
  }));
}

function renderBlock(block: ReplyBlock): string {
  switch (block.type) {
    case "text":
      return block.text.trim();
    case "citations":
      return block.citations.length === 0 ? "" : ["**Sources**", ...block.citations.map(citation)].join("\n");
    case "fields":
      return block.fields.map((f) => `**${f.label}:** ${f.value}`).join("\n");
    case "progress":
      return progressBar(block.label, block.value);
    case "notice":
      return `${TONE[block.tone]} ${block.text}`;
    case "divider":
      return "───────────";
    case "countdown":
      return countdown(block.label, block.endsAt);
    case "time": {
      // Discord writes the moment out in each reader's own zone.
      const epoch = Math.floor(Date.parse(block.at) / 1000);
      return Number.isFinite(epoch)
        ? `**${block.label}:** <t:${epoch}:F> (<t:${epoch}:R>)`
        : `**${block.label}:** ${block.fallback}`;
    }
    case "buttons":
      return "";
  }
}

/**
 * Discord's relative timestamp counts down by itself in every client, so the game message needs no
 * edits to show the time left; the absolute time follows for clients that show it frozen.
 */
export function countdown(label: string, endsAt: string): string {
  const epoch = Math.ceil(Date.parse(endsAt) / 1000);
  if (!Number.isFinite(epoch)) return "";
  return `⏱ **${label}:** ends <t:${epoch}:R> (<t:${epoch}:T>)`;
}

function citation(c: Citation): string {
  return `[${c.n}] ${c.title}${c.anchor ? ` · ${c.anchor}` : ""}`;
}

/** A text progress bar, e.g. "Embedding ▰▰▰▰▱▱▱▱▱▱ 45%". */
export function progressBar(label: string, value: number): string {
  const share = Math.min(1, Math.max(0, value));
  const filled = Math.round(share * PROGRESS_CELLS);
  return `${label} ${"▰".repeat(filled)}${"▱".repeat(PROGRESS_CELLS - filled)} ${Math.round(share * 100)}%`;
}

function buttonRows(groups: ReplyButton[][]): DiscordActionRow[] {
  const rows: DiscordActionRow[] = [];
  for (const group of groups) {
    const rendered = group.map(button);
    for (let i = 0; i < rendered.length; i += DISCORD_MAX_BUTTONS_PER_ROW) {
      if (rows.length === DISCORD_MAX_ACTION_ROWS) return rows;
      rows.push({
        type: ComponentType.ActionRow,
        components: rendered.slice(i, i + DISCORD_MAX_BUTTONS_PER_ROW),
      });
    }
  }
  return rows;
}

function button(b: ReplyButton): APIButtonComponent {
  const label = b.label.slice(0, DISCORD_MAX_BUTTON_LABEL);
  if (b.action.kind === "open") {
    return { type: ComponentType.Button, style: ButtonStyle.Link, label, url: b.action.url };
  }
  const style =
    b.style === "primary"
      ? ButtonStyle.Primary
      : b.style === "danger"
        ? ButtonStyle.Danger
        : ButtonStyle.Secondary;
  return { type: ComponentType.Button, style, label, custom_id: encodeAction(b.action)! };
}
