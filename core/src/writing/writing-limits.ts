import { z } from "zod";

/**
 * A submission's size (what a model reads in one request with room for the rubric and passages) and
 * a rubric's size (fewer than 3 criteria say too little, more than 5 too much for one piece).
 */
export const WRITING_LIMITS = { maxChars: 10_000, minCriteria: 3, maxCriteria: 5 };

export const DEFAULT_CRITERION_POINTS = 4;

export const criterionSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Every criterion needs a name.")
    .max(80, "A criterion's name is at most 80 characters."),
  description: z.string().trim().max(300, "A criterion's description is at most 300 characters.").optional(),
  points: z.number().int().min(1).max(20).default(DEFAULT_CRITERION_POINTS),
});

export interface WritingCriterion {
  name: string;
  description: string | null;
  points: number;
}

/**
 * The rubric an offline template prompt gets (and what fills a generated rubric with too few
 * criteria): the qualities any short piece on the course is read for.
 */
export const STANDARD_RUBRIC: WritingCriterion[] = [
  { name: "Accuracy", description: "What it says agrees with the course materials.", points: 4 },
  { name: "Use of key terms", description: "Uses the course's terms, correctly.", points: 4 },
  { name: "Organisation", description: "A clear order: a point, its support, a conclusion.", points: 4 },
  { name: "Use of sources", description: "Refers to the materials where it relies on them.", points: 4 },
];

/** A rubric with 3..5 criteria, or the sentence saying how many it has and how many it needs. */
export function rubricCountProblem(count: number): string | null {
  if (count >= WRITING_LIMITS.minCriteria && count <= WRITING_LIMITS.maxCriteria) return null;
  return `A rubric needs ${WRITING_LIMITS.minCriteria} to ${WRITING_LIMITS.maxCriteria} criteria; this one has ${count}.`;
}
