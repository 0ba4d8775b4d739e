import type { Embedder } from "../ai/embedder.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { SECTION_SEPARATOR } from "../materials/extract/extract-html.ts";
import { pickPassages } from "../quiz/generate/pick-passages.ts";
import { citationAnchor } from "../tutor/citation-anchor.ts";
import type { GuidePassage, PassageGroup, StudyGuideRequest } from "./study-guide-types.ts";

/** Passages a topic guide is written from: enough for a few sections, few enough to read. */
const TOPIC_PASSAGES = 24;
/** A guide over whole materials stops here; more would be a book, not a guide. */
export const MAX_GUIDE_PASSAGES = 120;
/** A section longer than this is cut in parts, so one model call stays small. */
const PASSAGES_PER_SECTION = 6;

export interface GuidePassageQuery {
  courseId: string;
  request: StudyGuideRequest;
  minSimilarity?: number | undefined;
}

/**
 * The passages of a guide, numbered 1..n in reading order (material by material, chunk by chunk):
 * the best matches of a topic (inside the chosen materials, if any), every chunk of the chosen
 * materials, or every chunk of a week's materials (see {@link weekPattern}). NotFound, with what was
 * looked for, when there is nothing.
 */
export async function guidePassages(
  db: Prisma,
  embedder: Embedder,
  query: GuidePassageQuery,
): Promise<GuidePassage[]> {
  const { courseId, request } = query;
  let ids: string[];
  if (request.topic) {
    const picked = await pickPassages(db, embedder, {
      courseId,
      topic: request.topic,
      materialIds: request.materialIds,
      howMany: TOPIC_PASSAGES,
      minSimilarity: query.minSimilarity,
    });
    ids = picked.map((p) => p.id);
  } else if (request.week !== undefined) {
    ids = await weekChunks(db, courseId, request.week);
  } else {
    ids = await materialChunks(db, courseId, request.materialIds);
  }
  return readInOrder(db, courseId, ids.slice(0, MAX_GUIDE_PASSAGES));
}

/** "Week 3", "Wk 3", "Unit 3", "Module 3" (and "Week 03"), as a whole word. */
export function weekPattern(week: number): RegExp {
  return new RegExp(String.raw`\b(?:week|wk|unit|module)\.?\s*0*${week}(?!\d)`, "i");
}

/**
 * A week's chunks: every chunk of the materials whose title names the week; when no title does, the
 * chunks under a heading that names it (a reader with a "Week 3" chapter).
 */
async function weekChunks(db: Prisma, courseId: string, week: number): Promise<string[]> {
  const pattern = weekPattern(week);
  const materials = await db.material.findMany({
    where: { courseId, status: "READY" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, title: true, fileName: true },
  });
  const named = materials.filter((m) => pattern.test(m.title) || pattern.test(m.fileName ?? ""));
  if (named.length > 0)
    return materialChunks(
      db,
      courseId,
      named.map((m) => m.id),
    );
  const chunks = await db.materialChunk.findMany({
    where: { courseId, materialId: { in: materials.map((m) => m.id) } },
    orderBy: [{ material: { createdAt: "asc" } }, { materialId: "asc" }, { ordinal: "asc" }],
    select: { id: true, section: true },
  });
  const under = chunks.filter((c) => c.section !== null && pattern.test(c.section));
  if (under.length === 0)
    throw new AppError(ErrorCode.NotFound, "no material for the week", {
      userMessage: `No material of this course says which week it is for: no title, file name or heading names "Week ${week}" (also looked for "Wk ${week}", "Unit ${week}" and "Module ${week}"). Ask for a topic, or name the materials instead.`,
      details: { week },
    });
  return under.map((c) => c.id);
}

/** Every chunk of the chosen (or all) READY materials of the course, in upload and reading order. */
async function materialChunks(db: Prisma, courseId: string, materialIds?: string[]): Promise<string[]> {
  const chosen = materialIds ? [...new Set(materialIds)] : undefined;
  const materials = await db.material.findMany({
    where: { courseId, status: "READY", ...(chosen ? { id: { in: chosen } } : {}) },
    select: { id: true },
  });
  if (chosen && materials.length < chosen.length)
    throw new AppError(ErrorCode.NotFound, "chosen materials missing or not ready", {
      userMessage:
        "Some of the chosen materials are not in this course or have not finished processing. Pick from the course's ready materials.",
    });
  if (materials.length === 0)
    throw new AppError(ErrorCode.NotFound, "no ready materials for a guide", {
      userMessage:
        "This course has no ready materials to write a study guide from. Ask your teacher to add the reader or notes first.",
    });
  const chunks = await db.materialChunk.findMany({
    where: { courseId, materialId: { in: materials.map((m) => m.id) } },
    orderBy: [{ material: { createdAt: "asc" } }, { materialId: "asc" }, { ordinal: "asc" }],
    select: { id: true },
    take: MAX_GUIDE_PASSAGES,
  });
  return chunks.map((c) => c.id);
}

async function readInOrder(db: Prisma, courseId: string, ids: string[]): Promise<GuidePassage[]> {
  const rows = await db.materialChunk.findMany({
    where: { courseId, id: { in: ids } },
    orderBy: [{ material: { createdAt: "asc" } }, { materialId: "asc" }, { ordinal: "asc" }],
    select: {
      id: true,
      materialId: true,
      text: true,
      anchor: true,
      section: true,
      material: { select: { title: true } },
    },
  });
  return rows.map((row, i) => ({
    n: i + 1,
    chunkId: row.id,
    materialId: row.materialId,
    title: row.material.title,
    anchor: row.anchor,
    section: row.section,
    text: row.text,
  }));
}

/**
 * The guide's sections: consecutive passages of one material under one heading, a long run cut in
 * parts. A heading repeats its material's title only when it has no other name ("Reader, p. 4").
 */
export function groupPassages(passages: GuidePassage[]): PassageGroup[] {
  const groups: PassageGroup[] = [];
  for (const passage of passages) {
    const last = groups.at(-1);
    const lastPassage = last?.passages.at(-1);
    const same =
      last &&
      lastPassage &&
      lastPassage.materialId === passage.materialId &&
      lastPassage.section === passage.section &&
      last.passages.length < PASSAGES_PER_SECTION;
    if (same) last.passages.push(passage);
    else groups.push({ heading: sectionHeading(passage), material: passage.title, passages: [passage] });
  }
  return groups;
}

function sectionHeading(passage: GuidePassage): string {
  const named = passage.section ? citationAnchor(passage.title, passage.section) : null;
  if (named) return named.split(SECTION_SEPARATOR).at(-1)?.trim() || named;
  const anchor = citationAnchor(passage.title, passage.anchor);
  return anchor ? `${passage.title}, ${anchor}` : passage.title;
}
