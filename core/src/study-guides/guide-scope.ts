import { z } from "zod";
import type { StudyGuideRequest } from "./study-guide-types.ts";

export const studyGuideRequestSchema = z
  .object({
    topic: z.string().trim().min(1).max(200, "Topics are at most 200 characters.").optional(),
    week: z.number().int().min(1).max(60).optional(),
    materialIds: z.array(z.uuid()).min(1).max(50).optional(),
  })
  .strict();

/**
 * The scope with its words normalised, so "Cell  Membrane" and "cell membrane", or the same materials
 * in another order, find the same guide: topic lower-case with single spaces, materials sorted.
 */
export function normaliseScope(request: StudyGuideRequest): StudyGuideRequest {
  const topic = request.topic?.trim().replace(/\s+/g, " ").toLowerCase();
  const materialIds = request.materialIds ? [...new Set(request.materialIds)].sort() : undefined;
  return {
    ...(topic ? { topic } : {}),
    ...(request.week !== undefined ? { week: request.week } : {}),
    ...(materialIds?.length ? { materialIds } : {}),
  };
}

/** The key a guide is found again by: "topic=...|week=...|materials=...", "all" for the whole course. */
export function scopeKey(request: StudyGuideRequest): string {
  const scope = normaliseScope(request);
  const parts = [
    scope.topic !== undefined ? `topic=${scope.topic}` : null,
    scope.week !== undefined ? `week=${scope.week}` : null,
    scope.materialIds ? `materials=${scope.materialIds.join(",")}` : null,
  ].filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join("|") : "all";
}

/** "Study guide: photosynthesis", "Study guide: Week 3", or the materials' titles. */
export function guideTitle(request: StudyGuideRequest, materialTitles: string[]): string {
  if (request.topic) return `Study guide: ${request.topic.trim()}`;
  if (request.week !== undefined) return `Study guide: Week ${request.week}`;
  const titles = [...new Set(materialTitles)];
  if (titles.length === 0) return "Study guide";
  const shown = titles.slice(0, 2).join(", ");
  return titles.length > 2 ? `Study guide: ${shown} and ${titles.length - 2} more` : `Study guide: ${shown}`;
}
