import type { SlackBlock } from "./to-block-kit.ts";

/**
 * Every piece of text a person would see in `blocks`, one line per text element. Used to build the
 * App Home summary and by tests that assert on what Slack would show.
 */
export function blockKitText(blocks: ReadonlyArray<SlackBlock | { type: string }>): string {
  const parts: string[] = [];
  for (const block of blocks as SlackBlock[]) {
    if (block.type === "section") {
      if (block.text) parts.push(block.text.text);
      for (const field of block.fields ?? []) parts.push(field.text);
    } else if (block.type === "context") {
      for (const element of block.elements) if ("text" in element) parts.push(element.text);
    } else if (block.type === "actions") {
      for (const element of block.elements) {
        if ("text" in element && element.text) parts.push(element.text.text);
      }
    }
  }
  return parts.join("\n");
}

/** The action ids of every button in `blocks`, in order. */
export function blockKitActionIds(blocks: ReadonlyArray<SlackBlock | { type: string }>): string[] {
  return (blocks as SlackBlock[])
    .filter((b): b is Extract<SlackBlock, { type: "actions" }> => b.type === "actions")
    .flatMap((b) => b.elements.map((e) => ("action_id" in e ? (e.action_id ?? "") : "")));
}
