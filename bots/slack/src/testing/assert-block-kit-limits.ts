import {
  SLACK_MAX_ACTION_ID,
  SLACK_MAX_ACTIONS,
  SLACK_MAX_BLOCKS,
  SLACK_MAX_BUTTON_TEXT,
  SLACK_MAX_CONTEXT_ELEMENTS,
  SLACK_MAX_CONTEXT_TEXT,
  SLACK_MAX_FIELD_TEXT,
  SLACK_MAX_SECTION_FIELDS,
  SLACK_MAX_SECTION_TEXT,
} from "../render/block-kit-limits.ts";
import type { SlackBlock } from "../render/to-block-kit.ts";

/** Throws when `blocks` would be refused by Slack (`invalid_blocks`); for tests. */
export function assertBlockKitLimits(blocks: ReadonlyArray<SlackBlock>): void {
  const fail = (what: string) => {
    throw new Error(`Block Kit limit broken: ${what}`);
  };
  if (blocks.length > SLACK_MAX_BLOCKS) fail(`${blocks.length} blocks`);
  const actionIds = new Set<string>();
  for (const block of blocks) {
    if (block.type === "section") {
      if (block.text && block.text.text.length > SLACK_MAX_SECTION_TEXT) fail("section text");
      if (block.text && block.text.text.length === 0) fail("empty section text");
      if ((block.fields?.length ?? 0) > SLACK_MAX_SECTION_FIELDS) fail("section fields");
      for (const f of block.fields ?? []) if (f.text.length > SLACK_MAX_FIELD_TEXT) fail("field text");
    } else if (block.type === "context") {
      if (block.elements.length > SLACK_MAX_CONTEXT_ELEMENTS) fail("context elements");
      for (const e of block.elements) {
        if ("text" in e && e.text.length > SLACK_MAX_CONTEXT_TEXT) fail("context text");
      }
    } else if (block.type === "actions") {
      if (block.elements.length > SLACK_MAX_ACTIONS) fail("actions");
      for (const e of block.elements) {
        if (e.type !== "button") continue;
        if (e.text.text.length > SLACK_MAX_BUTTON_TEXT) fail("button text");
        const id = e.action_id ?? "";
        if (id.length > SLACK_MAX_ACTION_ID) fail("action_id length");
        if (actionIds.has(id)) fail(`duplicate action_id ${id}`);
        actionIds.add(id);
      }
    }
  }
}
