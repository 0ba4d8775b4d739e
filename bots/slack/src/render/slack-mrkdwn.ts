// The neutral reply's light markdown, turned into Slack mrkdwn, and long text split into pieces that
// each fit a block without cutting a word.

/** Escapes the three characters Slack treats as control characters in message text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Light markdown (**bold**, _italic_, `code`, lists, [links](url), # headings) to Slack mrkdwn. */
export function toMrkdwn(markdown: string): string {
  return escapeMrkdwn(markdown)
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g, (_m, label: string, url: string) => {
      // The URL was escaped with the rest; Slack wants it raw inside <url|label>, minus "|" and ">".
      const raw = url.replace(/&amp;/g, "&").replace(/[|>]/g, encodeURIComponent);
      return `<${raw}|${label.replace(/\|/g, "¦")}>`;
    })
    .replace(/\*\*([^*\n]+)\*\*/g, "*$1*")
    .replace(/^#{1,6}\s+(.+)$/gm, "*$1*")
    .replace(/^(\s*)[-*]\s+/gm, "$1• ");
}

/**
 * Splits `text` into pieces of at most `max` characters, preferring paragraph, line, sentence and word
 * boundaries in that order, so nothing is lost and no word is cut unless a single word is longer than
 * `max`.
 */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    const cut = lastBoundary(window, max);
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) pieces.push(rest);
  return pieces;
}

function lastBoundary(window: string, max: number): number {
  const floor = Math.floor(max / 2);
  for (const pattern of [/\n\n/g, /\n/g, /[.!?]\s/g, /\s/g]) {
    let best = -1;
    for (const match of window.matchAll(pattern)) {
      const end = match.index + match[0].length;
      if (end <= max) best = end;
    }
    if (best >= floor) return best;
  }
  return max;
}

/** At most `max` characters, ending with "…" when shortened. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
