import { DISCORD_MAX_CONTENT } from "./discord-limits.ts";

// Splits long text into parts that each fit one Discord message, at the cleanest boundary available:
// a paragraph, else a line, else a sentence, else a word; a hard cut only for a single enormous word.
// A code fence left open by a cut is closed in that part and reopened in the next, so no part renders
// half a code block.

const BOUNDARIES: RegExp[] = [/\n\n(?=\S)/g, /\n/g, /(?<=[.!?])\s+/g, /\s+/g];
const FENCE_CLOSE = "\n```";

/** Parts of `text`, each at most `limit` characters, that read as the original when shown in order. */
export function splitText(text: string, limit = DISCORD_MAX_CONTENT): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  let reopen = "";
  while (rest.length > 0) {
    const room = limit - reopen.length;
    if (rest.length <= room) {
      parts.push(reopen + rest);
      break;
    }
    // Leave room to close a code fence the cut might leave open.
    const cut = cutPoint(rest, room - FENCE_CLOSE.length);
    let part = reopen + rest.slice(0, cut.end).trimEnd();
    rest = rest.slice(cut.resume).trimStart();
    const fence = openFence(part);
    if (fence !== null) {
      part += FENCE_CLOSE;
      reopen = `\`\`\`${fence}\n`;
    } else {
      reopen = "";
    }
    parts.push(part);
  }
  return parts;
}

/** Where to end this part (`end`) and where the next begins (`resume`), within `room` characters. */
function cutPoint(text: string, room: number): { end: number; resume: number } {
  const window = text.slice(0, room + 1);
  for (const boundary of BOUNDARIES) {
    let best: { end: number; resume: number } | null = null;
    for (const match of window.matchAll(boundary)) {
      // Never cut so early that a part is mostly empty: a boundary in the first third is not worth it.
      if (match.index >= room / 3 && match.index <= room) {
        best = { end: match.index, resume: match.index + match[0].length };
      }
    }
    if (best) return best;
  }
  return { end: room, resume: room };
}

/** The language tag of a code fence left open at the end of `text` ("" for a bare fence), else null. */
function openFence(text: string): string | null {
  const fences = [...text.matchAll(/^```(\S*)/gm)];
  return fences.length % 2 === 1 ? (fences.at(-1)?.[1] ?? "") : null;
}
