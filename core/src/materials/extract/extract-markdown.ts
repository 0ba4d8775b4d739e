import { SECTION_SEPARATOR } from "./extract-html.ts";
import { normalizeLineEnds } from "./extract-plain-text.ts";
import type { ExtractedDocument, TextUnit } from "./extracted-document.ts";

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const LINK_DEFINITION = /^ {0,3}\[[^\]]+\]:\s*\S/;
const TABLE_DIVIDER = /^[\s|:-]*\|[\s|:-]*$/;
/** Lines that start their own line of text rather than continue a wrapped paragraph. */
const LINE_START = /^\s*(?:[-*+]\s|\d+[.)]\s|\||>)/;

interface Section {
  path: string | null;
  blocks: string[];
}

/**
 * Reads Markdown into one unit per heading section. ATX (`## Title`) and setext (underlined) headings
 * build the path "Cells › Membranes"; fenced code is kept verbatim; inline syntax (emphasis, links,
 * images, HTML tags) is stripped so the text reads as prose. Title: the first level-1 heading.
 */
export function extractMarkdown(markdown: string): ExtractedDocument {
  const lines = skipFrontMatter(normalizeLineEnds(markdown).split("\n"));
  const sections: Section[] = [{ path: null, blocks: [] }];
  let headings: { level: number; text: string }[] = [];
  let title: string | null = null;
  let paragraph: string[] = [];
  let fence: { marker: string; lines: string[] } | null = null;

  const addBlock = (text: string) => {
    if (text.trim()) sections.at(-1)!.blocks.push(text);
  };
  const flush = () => {
    addBlock(joinLines(paragraph));
    paragraph = [];
  };
  const startSection = (level: number, text: string) => {
    if (!text) return;
    if (level === 1) title ??= text;
    headings = [...headings.filter((heading) => heading.level < level), { level, text }];
    sections.push({ path: headings.map((heading) => heading.text).join(SECTION_SEPARATOR), blocks: [] });
  };

  for (const line of lines) {
    if (fence) {
      // A fence closes only with the same character, at least as long; nothing inside is a heading.
      const close = FENCE.exec(line)?.[1];
      if (
        close &&
        close[0] === fence.marker[0] &&
        close.length >= fence.marker.length &&
        !line.trim().slice(close.length)
      ) {
        addBlock(fence.lines.join("\n"));
        fence = null;
      } else fence.lines.push(line);
      continue;
    }
    const open = FENCE.exec(line)?.[1];
    const atx = ATX_HEADING.exec(line);
    const setext = SETEXT_UNDERLINE.exec(line)?.[1];
    if (open) {
      flush();
      fence = { marker: open, lines: [] };
    } else if (atx) {
      flush();
      startSection(atx[1]!.length, stripInline(atx[2] ?? ""));
    } else if (setext && paragraph.length > 0 && !LINE_START.test(paragraph[0]!)) {
      // "Title\n=====" is a heading, but "- item\n---" is a list followed by a rule.
      const text = stripInline(paragraph.join(" ").trim());
      paragraph = [];
      startSection(setext.startsWith("=") ? 1 : 2, text);
    } else if (THEMATIC_BREAK.test(line) || !line.trim()) {
      flush();
    } else if (!LINK_DEFINITION.test(line) && !TABLE_DIVIDER.test(line)) {
      paragraph.push(line);
    }
  }
  flush();
  if (fence) addBlock(fence.lines.join("\n")); // an unclosed fence runs to the end of the file

  const units: TextUnit[] = sections
    .filter((section) => section.blocks.length > 0)
    .map((section) => ({ text: section.blocks.join("\n\n"), page: null, section: section.path }));
  return { units, pageCount: null, title };
}

/** YAML front matter (between "---" lines at the very top) is metadata, not text to learn from. */
function skipFrontMatter(lines: string[]): string[] {
  if (lines[0]?.trim() !== "---") return lines;
  const end = lines.findIndex((line, index) => index > 0 && /^(---|\.\.\.)\s*$/.test(line));
  return end === -1 ? lines : lines.slice(end + 1);
}

/** Wrapped prose lines join with a space; list items, table rows, quotes and hard breaks keep their own line. */
function joinLines(lines: string[]): string {
  let text = "";
  let hardBreak = false;
  for (const raw of lines) {
    const line = stripInline(raw.replace(/^\s*(?:>\s?)+/, "").replace(/^(\s*)[*+](\s)/, "$1-$2")).trim();
    if (line) text = text === "" ? line : `${text}${hardBreak || LINE_START.test(raw) ? "\n" : " "}${line}`;
    hardBreak = / {2,}$|\\$/.test(raw);
  }
  return text.replace(/\\$/gm, "");
}

/** Removes inline Markdown and HTML while leaving the words; code spans and escapes are kept literally. */
function stripInline(text: string): string {
  const kept: string[] = [];
  const keep = (literal: string) => `\uE000${kept.push(literal) - 1}\uE001`;
  return text
    .replace(/(`+)(.+?)\1/g, (_, _ticks: string, code: string) => keep(code.trim()))
    .replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, (_, char: string) => keep(char))
    .replace(/\s*!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])/g, "")
    .replace(/\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])/g, "$1")
    .replace(/<((?:https?|mailto):[^>\s]+)>/g, "$1")
    .replace(/<!--.*?-->|<\/?[A-Za-z][\w-]*(?:\s[^<>]*)?\/?>/g, "")
    .replace(/(\*\*|~~)(?=\S)(.+?)(?<=\S)\1/g, "$2")
    .replace(/(^|\W)__(?=\S)(.+?)(?<=\S)__(?!\w)/g, "$1$2")
    .replace(/\*(?=\S)(.+?)(?<=\S)\*/g, "$1")
    .replace(/(^|\W)_(?=\S)(.+?)(?<=\S)_(?!\w)/g, "$1$2")
    .replace(/[ \t]+/g, " ")
    .replace(/\uE000(\d+)\uE001/g, (_, index: string) => kept[Number(index)] ?? "");
}
