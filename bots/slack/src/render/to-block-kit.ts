import type { types } from "@slack/bolt";
import type { Citation, Reply, ReplyBlock, ReplyButton } from "@studyhall/core";
import { encodeAction } from "./action-codec.ts";
import {
  SLACK_MAX_ACTIONS,
  SLACK_MAX_BLOCKS,
  SLACK_MAX_BUTTON_TEXT,
  SLACK_MAX_BUTTON_URL,
  SLACK_MAX_CONTEXT_ELEMENTS,
  SLACK_MAX_CONTEXT_TEXT,
  SLACK_MAX_FALLBACK_TEXT,
  SLACK_MAX_FIELD_TEXT,
  SLACK_MAX_SECTION_FIELDS,
  SLACK_MAX_SECTION_TEXT,
} from "./block-kit-limits.ts";
import { countdownText } from "./countdown-text.ts";
import { escapeMrkdwn, splitText, toMrkdwn, truncate } from "./slack-mrkdwn.ts";

/** The blocks this renderer produces. */
export type SlackBlock = types.SectionBlock | types.ContextBlock | types.ActionsBlock | types.DividerBlock;

/** A Slack message rendered from a neutral reply: ready for chat.postMessage, chat.update or respond(). */
export interface SlackMessage {
  /** Notification and screen-reader fallback; the blocks carry the full content. */
  text: string;
  blocks: SlackBlock[];
  /** Shown only to the person who asked (an ephemeral message). */
  ephemeral: boolean;
}

const NOTICE_ICONS = { info: ":information_source:", warning: ":warning:", error: ":x:" } as const;
const PROGRESS_CELLS = 10;

/** When a reply is rendered: countdowns show the time left from `now` (epoch ms; default: the clock). */
export interface RenderOptions {
  now?: number;
}

/**
 * Renders a neutral {@link Reply} as Block Kit. Pure: the same reply (at the same `now`) always gives
 * the same message.
 */
export function toBlockKit(reply: Reply, options: RenderOptions = {}): SlackMessage {
  const now = options.now ?? Date.now();
  const blocks = reply.blocks.flatMap((block) => renderBlock(block, now));
  return {
    text: fallbackText(reply),
    blocks: fitBlocks(blocks),
    ephemeral: reply.visibility === "private",
  };
}

function renderBlock(block: ReplyBlock, now: number): SlackBlock[] {
  switch (block.type) {
    case "text":
      return splitText(toMrkdwn(block.text), SLACK_MAX_SECTION_TEXT).map(section);
    case "citations":
      return block.citations.length > 0 ? [citationsBlock(block.citations)] : [];
    case "fields":
      return chunk(block.fields, SLACK_MAX_SECTION_FIELDS).map((fields) => ({
        type: "section",
        fields: fields.map((f) => ({
          type: "mrkdwn",
          text: truncate(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, SLACK_MAX_FIELD_TEXT),
        })),
      }));
    case "progress":
      return [section(progressText(block.label, block.value))];
    case "buttons":
      return chunk(block.buttons, SLACK_MAX_ACTIONS).map((buttons, group) => ({
        type: "actions",
        elements: buttons.map((b, i) => button(b, group * SLACK_MAX_ACTIONS + i)),
      }));
    case "notice":
      return splitText(`${NOTICE_ICONS[block.tone]} ${toMrkdwn(block.text)}`, SLACK_MAX_SECTION_TEXT).map(
        section,
      );
    case "countdown":
      return [section(countdownText(block, now))];
    case "time":
      return [section(`*${toMrkdwn(block.label)}:* ${slackDate(block.at, block.fallback)}`)];
    case "divider":
      return [{ type: "divider" }];
  }
}

/** Slack's date token: each reader sees the moment in their own zone; `fallback` where it cannot. */
function slackDate(at: string, fallback: string): string {
  const epoch = Math.floor(Date.parse(at) / 1000);
  if (!Number.isFinite(epoch)) return toMrkdwn(fallback);
  return `<!date^${epoch}^{date_short_pretty} at {time}|${fallback.replace(/[|>]/g, " ")}>`;
}

function section(text: string): types.SectionBlock {
  return { type: "section", text: { type: "mrkdwn", text } };
}

function citationsBlock(citations: Citation[]): types.ContextBlock {
  const lines = citations.map(
    (c) => `[${c.n}] *${escapeMrkdwn(c.title)}*${c.anchor ? `, ${escapeMrkdwn(c.anchor)}` : ""}`,
  );
  const pieces = splitText(["*Sources*", ...lines].join("\n"), SLACK_MAX_CONTEXT_TEXT);
  return {
    type: "context",
    elements: pieces.slice(0, SLACK_MAX_CONTEXT_ELEMENTS).map((text) => ({ type: "mrkdwn", text })),
  };
}

function progressText(label: string, value: number): string {
  const share = Math.min(1, Math.max(0, value));
  const filled = Math.round(share * PROGRESS_CELLS);
  const bar = "▓".repeat(filled) + "░".repeat(PROGRESS_CELLS - filled);
  return `${escapeMrkdwn(label)} ${bar} ${Math.round(share * 100)}%`;
}

function button(b: ReplyButton, index: number): types.Button {
  const element: types.Button = {
    type: "button",
    text: { type: "plain_text", text: truncate(b.label, SLACK_MAX_BUTTON_TEXT), emoji: true },
    action_id: encodeAction(b.action, index),
  };
  if (b.action.kind === "open") element.url = b.action.url.slice(0, SLACK_MAX_BUTTON_URL);
  if (b.action.kind === "tutor.feedback") element.value = String(b.action.vote);
  if (b.style) element.style = b.style;
  return element;
}

/**
 * Keeps a message within the block limit. Only an answer longer than ~140,000 characters gets here;
 * its tail is merged into the last allowed block's text rather than dropped silently.
 */
function fitBlocks(blocks: SlackBlock[]): SlackBlock[] {
  if (blocks.length <= SLACK_MAX_BLOCKS) return blocks;
  const kept = blocks.slice(0, SLACK_MAX_BLOCKS - 1);
  kept.push(section("_(The rest of this answer is too long for one Slack message.)_"));
  return kept;
}

function fallbackText(reply: Reply): string {
  const first = reply.blocks.find((b) => b.type === "text" || b.type === "notice");
  const text = first && "text" in first ? first.text : "StudyHall";
  return truncate(text.replace(/\*\*/g, ""), SLACK_MAX_FALLBACK_TEXT);
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
