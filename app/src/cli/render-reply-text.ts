import type { Citation, Reply, ReplyBlock } from "@studyhall/core";

/** Renders a neutral reply as terminal text. Buttons have no meaning in a terminal and are left out. */
export function renderReplyText(reply: Pick<Reply, "blocks">): string {
  return reply.blocks
    .map(renderBlock)
    .filter((s) => s.length > 0)
    .join("\n\n");
}

function renderBlock(block: ReplyBlock): string {
  switch (block.type) {
    case "text":
      return block.text;
    case "citations":
      return ["Sources:", ...block.citations.map(formatCitation)].join("\n");
    case "fields":
      return block.fields.map((f) => `${f.label}: ${f.value}`).join("\n");
    case "progress":
      return `${block.label} ${Math.round(block.value * 100)}%`;
    case "notice":
      return `${block.tone === "info" ? "" : `${block.tone}: `}${block.text}`;
    case "divider":
      return "—".repeat(20);
    case "countdown": {
      const left = Math.max(0, Math.round((Date.parse(block.endsAt) - Date.now()) / 1000));
      return `${block.label}: ${left} s left`;
    }
    case "time":
      return `${block.label}: ${block.fallback}`;
    case "buttons":
      return "";
  }
}

function formatCitation(c: Citation): string {
  return `  [${c.n}] ${c.title}${c.anchor ? `, ${c.anchor}` : ""}`;
}
