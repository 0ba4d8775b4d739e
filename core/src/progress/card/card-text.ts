// Text for the progress card: every string that reaches the SVG passes through here, because names,
// course names and topics are people's own words and could otherwise close a tag or an attribute.

/** Characters XML 1.0 does not allow at all (controls other than tab, newline and return). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** `text` safe inside an SVG element or a double- or single-quoted attribute. */
export function escapeXml(text: string): string {
  return text
    .replace(XML_FORBIDDEN, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/**
 * `text` on one line and at most `max` characters, ending in "…" when cut. Counts code points, so an
 * emoji or an accented letter is never split in half; whitespace runs (newlines too) become one space.
 */
export function clip(text: string, max: number): string {
  const chars = Array.from(text.replace(/\s+/g, " ").trim());
  if (chars.length <= max) return chars.join("");
  return `${chars
    .slice(0, Math.max(0, max - 1))
    .join("")
    .trimEnd()}…`;
}

const numbers = new Intl.NumberFormat("en-US");

/** 12,340: thousands grouped, the same on every server whatever its locale. */
export function formatNumber(n: number): string {
  return numbers.format(Math.round(n));
}

/** 0.734 -> "73%". */
export function formatPercent(share: number): string {
  return `${Math.round(Math.min(1, Math.max(0, share)) * 100)}%`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2027-03-14" -> "Mar 14", read from the string itself so no time zone can move the day. */
export function shortDate(date: string): string {
  const [, month, day] = date.split("-").map(Number);
  return `${MONTHS[(month ?? 1) - 1] ?? ""} ${day ?? ""}`.trim();
}

/** Progress through the current level, 0..1. */
export function levelShare(level: { xp: number; levelStartXp: number; nextLevelXp: number }): number {
  const span = level.nextLevelXp - level.levelStartXp;
  if (span <= 0) return 0;
  return Math.min(1, Math.max(0, (level.xp - level.levelStartXp) / span));
}
