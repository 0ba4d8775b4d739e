import { sentences } from "../text/terms.ts";
import type { TextUnit } from "./extract/extracted-document.ts";

export interface ChunkOptions {
  /** A chunk is closed once it would pass this many characters (~225 tokens at 900). */
  targetChars: number;
  /** Text repeated from the end of one chunk at the start of the next, so no idea is cut in half. */
  overlapChars: number;
  /** Below this a chunk keeps growing across a page or section boundary instead of closing. */
  minChars: number;
}

export const DEFAULT_CHUNKING: ChunkOptions = { targetChars: 900, overlapChars: 150, minChars: 250 };

export interface TextChunk {
  ordinal: number;
  text: string;
  page: number | null;
  /** Last page the chunk reaches, when it spans pages. */
  pageEnd: number | null;
  section: string | null;
  /** Citation anchor: "p. 4", "pp. 4–5", or the section path. */
  anchor: string | null;
  tokenCount: number;
}

interface Piece {
  text: string;
  page: number | null;
  section: string | null;
  /** Starts a new paragraph (joined with a blank line rather than a space). */
  paragraph: boolean;
}

/**
 * Splits extracted units into overlapping chunks along paragraph and sentence boundaries. Chunks prefer
 * to close at page and section boundaries so that each citation points at one place.
 */
export function chunkText(units: TextUnit[], options: ChunkOptions = DEFAULT_CHUNKING): TextChunk[] {
  const chunks: TextChunk[] = [];
  let current: Piece[] = [];
  let length = 0;
  const close = () => {
    if (current.length > 0) chunks.push(toChunk(current, chunks.length));
  };
  for (const piece of toPieces(units, options.targetChars)) {
    const last = current.at(-1);
    const boundary = last !== undefined && (last.page !== piece.page || last.section !== piece.section);
    const full = length + piece.text.length > options.targetChars;
    if (last && length >= options.minChars && (full || boundary)) {
      close();
      current = boundary ? [] : overlapTail(current, options.overlapChars);
      length = current.reduce((sum, p) => sum + p.text.length + 1, 0);
    }
    current.push(piece);
    length += piece.text.length + 1;
  }
  close();
  return chunks;
}

function toPieces(units: TextUnit[], targetChars: number): Piece[] {
  const pieces: Piece[] = [];
  for (const unit of units) {
    for (const paragraph of unit.text.split(/\n\s*\n/)) {
      const clean = paragraph.replace(/\s+/g, " ").trim();
      if (!clean) continue;
      const parts =
        clean.length <= targetChars ? [clean] : sentences(clean).flatMap((s) => hardSplit(s, targetChars));
      parts.forEach((text, i) => {
        pieces.push({ text, page: unit.page, section: unit.section, paragraph: i === 0 });
      });
    }
  }
  return pieces;
}

/** Splits a run-on "sentence" (tables, lists without punctuation) at word boundaries. */
function hardSplit(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const cut = rest.lastIndexOf(" ", max);
    const at = cut > max / 2 ? cut : max;
    parts.push(rest.slice(0, at).trim());
    rest = rest.slice(at).trim();
  }
  if (rest) parts.push(rest);
  return parts;
}

function overlapTail(pieces: Piece[], overlapChars: number): Piece[] {
  const tail: Piece[] = [];
  let length = 0;
  for (let i = pieces.length - 1; i > 0; i--) {
    const piece = pieces[i]!;
    if (length + piece.text.length > overlapChars) break;
    tail.unshift(piece);
    length += piece.text.length;
  }
  // The repeated text opens the new chunk, so it starts a paragraph there whatever it was before.
  return tail.map((piece, i) => (i === 0 ? { ...piece, paragraph: true } : piece));
}

function toChunk(pieces: Piece[], ordinal: number): TextChunk {
  const text = pieces
    .map((p, i) => (i === 0 ? p.text : p.paragraph ? `\n\n${p.text}` : ` ${p.text}`))
    .join("");
  const first = pieces[0]!;
  const pageEnd = pieces.at(-1)!.page;
  return {
    ordinal,
    text,
    page: first.page,
    pageEnd: pageEnd !== first.page ? pageEnd : null,
    section: first.section,
    anchor: anchorFor(first.page, pageEnd, first.section),
    tokenCount: Math.ceil(text.length / 4),
  };
}

function anchorFor(page: number | null, pageEnd: number | null, section: string | null): string | null {
  if (page !== null) return pageEnd !== null && pageEnd !== page ? `pp. ${page}–${pageEnd}` : `p. ${page}`;
  return section;
}
