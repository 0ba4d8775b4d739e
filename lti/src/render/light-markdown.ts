import { escapeHtml, type SafeHtml, trusted } from "../pages/html.ts";

/**
 * The reply model's light markdown (**bold**, _italic_, `code`, "- " lists, [links](https://...)) as
 * HTML. The text is escaped first and only these few patterns become tags, so nothing a model or a
 * person wrote can inject markup; links must be http(s).
 */
export function lightMarkdown(text: string): SafeHtml {
  const paragraphs = text.split(/\n{2,}/).map((para) => {
    const lines = para.split("\n");
    const out: string[] = [];
    let list: string[] = [];
    const flush = () => {
      if (list.length) out.push(`<ul>${list.map((item) => `<li>${item}</li>`).join("")}</ul>`);
      list = [];
    };
    const plain: string[] = [];
    const flushPlain = () => {
      if (plain.length) out.push(`<p>${plain.join("<br>")}</p>`);
      plain.length = 0;
    };
    for (const line of lines) {
      const item = /^\s*(?:[-•*])\s+(.*)$/.exec(line);
      if (item) {
        flushPlain();
        list.push(inline(item[1]!));
      } else {
        flush();
        plain.push(inline(line));
      }
    }
    flush();
    flushPlain();
    return out.join("");
  });
  return trusted(paragraphs.join(""));
}

function inline(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[\s(])_([^_]+)_(?=$|[\s).,;:!?])/g, "$1<em>$2</em>")
    .replace(
      /\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g,
      '<a href="$2" target="_blank" rel="noopener noreferrer">$1</a>',
    );
}
