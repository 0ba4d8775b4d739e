import { HTMLElement, type Node, parse, TextNode } from "node-html-parser";
import type { ExtractedDocument, TextUnit } from "./extracted-document.ts";

/** Joins the headings of a section path: "Cells › Membranes". */
export const SECTION_SEPARATOR = " › ";

/** Chrome, code and markup that carry no course content (or are not visible). */
const DROPPED = new Set([
  // <title> is read on its own, and may sit outside <head> in a fragment.
  ..."head title script style noscript template svg nav footer iframe form object canvas".split(" "),
]);

/** Elements whose edges end a paragraph; everything else is inline and joins the running text. */
const BLOCKS = new Set([
  ..."address article aside blockquote body caption dd details dialog div dl dt".split(" "),
  ..."fieldset figcaption figure header hgroup hr html li main ol p section summary".split(" "),
  ..."table tbody td tfoot th thead tr ul".split(" "),
]);

interface Section {
  path: string | null;
  paragraphs: string[];
}

interface WalkState {
  sections: Section[];
  headings: { level: number; text: string }[];
  /** Inline text of the paragraph being read; "\n" marks a <br>. */
  buffer: string;
  firstH1: string | null;
}

/**
 * Reads HTML into one unit per heading section (paragraphs, list items, table cells and <pre> blocks
 * separated by blank lines), so citations can point at "Cells › Membranes". Title: <title>, else the
 * first <h1>.
 */
export function extractHtml(html: string): ExtractedDocument {
  // Script and style bodies stay raw text so a "<" inside them is not parsed as markup; <pre> is parsed
  // normally because it often wraps <code>.
  // The parser keeps <!doctype> and <?xml?> declarations as text, so they go first.
  const markup = html.replace(/<!doctype[^>]*>|<\?[\s\S]*?\?>/gi, "");
  const root = parse(markup, { comment: false, blockTextElements: { script: true, style: true } });
  const state: WalkState = {
    sections: [{ path: null, paragraphs: [] }],
    headings: [],
    buffer: "",
    firstH1: null,
  };
  walk(root, state);
  flush(state);

  const units: TextUnit[] = state.sections
    .filter((section) => section.paragraphs.length > 0)
    .map((section) => ({ text: section.paragraphs.join("\n\n"), page: null, section: section.path }));
  const title = collapse(root.querySelector("title")?.text ?? "") || state.firstH1;
  return { units, pageCount: null, title };
}

function walk(node: Node, state: WalkState): void {
  if (node instanceof TextNode) {
    // Source line breaks are just whitespace; only <br> adds a "\n" to the buffer.
    state.buffer += node.text.replace(/\s+/g, " ");
    return;
  }
  if (!(node instanceof HTMLElement)) return;
  const tag = node.tagName?.toLowerCase() ?? "";
  if (DROPPED.has(tag)) return;

  const heading = /^h([1-6])$/.exec(tag);
  if (heading) {
    startSection(state, Number(heading[1]), collapse(node.text));
  } else if (tag === "br") {
    state.buffer += "\n";
  } else if (tag === "pre") {
    // Code and poems keep their line breaks and indentation.
    flush(state);
    const text = node.text.replace(/^\s*\n|\s+$/g, "");
    if (text.trim()) currentSection(state).paragraphs.push(text);
  } else if (BLOCKS.has(tag)) {
    flush(state);
    for (const child of node.childNodes) walk(child, state);
    flush(state);
  } else {
    for (const child of node.childNodes) walk(child, state);
  }
}

/** A heading replaces any heading at its own or a deeper level, then opens a section under the rest. */
function startSection(state: WalkState, level: number, text: string): void {
  flush(state);
  if (!text) return;
  if (level === 1 && state.firstH1 === null) state.firstH1 = text;
  state.headings = state.headings.filter((heading) => heading.level < level);
  state.headings.push({ level, text });
  const path = state.headings.map((heading) => heading.text).join(SECTION_SEPARATOR);
  state.sections.push({ path, paragraphs: [] });
}

/** Closes the running paragraph: whitespace collapses as a browser would, <br> breaks survive. */
function flush(state: WalkState): void {
  const text = state.buffer
    .split("\n")
    .map(collapse)
    .filter((line) => line !== "")
    .join("\n");
  state.buffer = "";
  if (text) currentSection(state).paragraphs.push(text);
}

function currentSection(state: WalkState): Section {
  // The list starts with the untitled section before the first heading, so it is never empty.
  return state.sections.at(-1)!;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
