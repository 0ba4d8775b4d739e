import type { Prisma } from "../db/open-database.ts";
import { collectKeyTerms, mentions } from "../quiz/generate/key-terms.ts";
import type { Citation } from "../reply/reply.ts";
import type { WritingPromptView } from "./writing-types.ts";

/** Chunks read for the course's key terms and quoted passages when the prompt has no sources. */
const COURSE_CHUNKS = 200;
const KEY_TERMS = 10;
/** A quotation this long or longer that a passage holds counts as citing the materials. */
const QUOTE_WORDS = 5;

/** Said with every structural feedback: what was checked, and that content was not. */
export const STRUCTURAL_HONESTY =
  "Structural feedback only: without an AI model, StudyHall checked the length, the course's key terms and references to the materials. The content itself was not judged, and no criterion was scored.";

export interface StructuralFeedback {
  feedback: string;
  citations: Citation[];
  nextStep: string;
}

/**
 * Offline feedback that judges no content: the word count against the prompt's limits, which of the
 * key terms of the prompt's source passages (or the course's) the writing uses and misses, and whether
 * it refers to the materials (names a material's title or quotes a passage).
 */
export async function structuralFeedback(
  db: Prisma,
  input: { prompt: WritingPromptView; text: string; wordCount: number },
): Promise<StructuralFeedback> {
  const { prompt, text, wordCount } = input;
  const sourceIds = prompt.sources.map((s) => s.chunkId);
  const chunks = await db.materialChunk.findMany({
    where:
      sourceIds.length > 0
        ? { courseId: prompt.courseId, id: { in: sourceIds } }
        : { courseId: prompt.courseId },
    orderBy: [{ material: { createdAt: "asc" } }, { materialId: "asc" }, { ordinal: "asc" }],
    take: COURSE_CHUNKS,
    select: { id: true, materialId: true, text: true, anchor: true, material: { select: { title: true } } },
  });
  const keyTerms = collectKeyTerms(
    chunks.map((c) => ({ id: c.id, text: c.text, title: c.material.title, anchor: c.anchor })),
  )
    .filter((t) => t.strong)
    .sort((a, b) => b.mentions - a.mentions)
    .slice(0, KEY_TERMS);
  const used = keyTerms.filter((t) => mentions(text, t)).map((t) => t.text);
  const missed = keyTerms.filter((t) => !mentions(text, t)).map((t) => t.text);
  const materials = await db.material.findMany({
    where: { courseId: prompt.courseId, status: "READY" },
    select: { title: true },
  });
  const named = materials
    .map((m) => m.title)
    .filter((title) => text.toLowerCase().includes(title.toLowerCase()));
  const quoted = quotedPassages(text, chunks);

  const lines: string[] = [];
  lines.push(`- **Length:** ${lengthLine(wordCount, prompt.minWords, prompt.maxWords)}`);
  if (keyTerms.length > 0) {
    lines.push(
      `- **Key terms used (${used.length} of ${keyTerms.length}):** ${used.length > 0 ? used.join(", ") : "none"}`,
    );
    if (missed.length > 0) lines.push(`- **Key terms not used:** ${missed.join(", ")}`);
  }
  const refs = [...named.map((t) => `names "${t}"`), ...quoted.map((q) => `quotes ${q.title} [${q.n}]`)];
  lines.push(
    `- **References to the materials:** ${refs.length > 0 ? refs.join("; ") : "none found (no material named or quoted)"}`,
  );
  return {
    feedback: lines.join("\n"),
    citations: quoted,
    nextStep: nextStep({
      wordCount,
      prompt,
      missed,
      referenced: refs.length > 0,
      firstTitle: materials[0]?.title,
    }),
  };
}

function lengthLine(words: number, min: number | null, max: number | null): string {
  const asked =
    min && max
      ? ` (asked for ${min}–${max})`
      : min
        ? ` (asked for at least ${min})`
        : max
          ? ` (asked for at most ${max})`
          : "";
  const verdict = min && words < min ? ", too short" : max && words > max ? ", too long" : "";
  return `${words} word${words === 1 ? "" : "s"}${asked}${verdict}.`;
}

function nextStep(input: {
  wordCount: number;
  prompt: WritingPromptView;
  missed: string[];
  referenced: boolean;
  firstTitle: string | undefined;
}): string {
  const { wordCount, prompt, missed } = input;
  if (prompt.minWords && wordCount < prompt.minWords)
    return `Develop your answer by about ${prompt.minWords - wordCount} words: add an example or explain a step you only named.`;
  if (prompt.maxWords && wordCount > prompt.maxWords)
    return `Cut about ${wordCount - prompt.maxWords} words: keep the points the prompt asks for and drop the rest.`;
  if (missed.length > 0)
    return `Use and explain "${missed[0]}" where it fits: it is one of the course's key terms for this prompt.`;
  if (!input.referenced)
    return `Name the material you rely on${input.firstTitle ? ` (for example "${input.firstTitle}")` : ""} where you use it.`;
  return "Reread each claim against the materials you cited and check it says what they say.";
}

/** Quotations in the writing ("…" or “…”) of 5+ words that a passage contains, as citations. */
function quotedPassages(
  text: string,
  chunks: Array<{
    id: string;
    materialId: string;
    text: string;
    anchor: string | null;
    material: { title: string };
  }>,
): Citation[] {
  const quotes = [...text.matchAll(/["“]([^"”]{10,400})["”]/g)]
    .map((m) => normalise(m[1]!))
    .filter((q) => q.split(" ").length >= QUOTE_WORDS);
  const found: Citation[] = [];
  for (const chunk of chunks) {
    const body = normalise(chunk.text);
    if (quotes.some((q) => body.includes(q)) && !found.some((c) => c.chunkId === chunk.id))
      found.push({
        n: found.length + 1,
        chunkId: chunk.id,
        materialId: chunk.materialId,
        title: chunk.material.title,
        anchor: chunk.anchor,
      });
  }
  return found;
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/[’']/g, "'").replace(/\s+/g, " ").trim();
}
