import type { Citation } from "../reply/reply.ts";
import type { WritingCriterion } from "./writing-limits.ts";

export interface WritingSource {
  chunkId: string;
  materialId: string;
  title: string;
  anchor: string | null;
}

export interface WritingPromptView {
  id: string;
  courseId: string;
  title: string;
  prompt: string;
  rubric: WritingCriterion[];
  /** The rubric's total points. */
  maxScore: number;
  minWords: number | null;
  maxWords: number | null;
  status: "DRAFT" | "APPROVED" | "ARCHIVED";
  origin: "AUTHORED" | "GENERATED" | "IMPORTED";
  /** The model that wrote a generated prompt ("local" for an offline template). */
  model: string | null;
  /** True for an offline template prompt (built from key terms, no model). */
  template: boolean;
  sources: WritingSource[];
  createdAt: Date;
}

export interface CriterionScore {
  criterion: string;
  score: number;
  points: number;
  comment: string;
}

export interface WritingResultView {
  id: string;
  promptId: string;
  promptTitle: string;
  courseId: string;
  userId: string;
  /** The writer's name as their platform shows it (for staff reading everyone's). */
  studentName: string | null;
  method: "MODEL" | "STRUCTURAL";
  model: string | null;
  /** False offline: no criterion was scored because content was not judged. */
  scored: boolean;
  wordCount: number;
  scores: CriterionScore[];
  totalScore: number;
  maxScore: number;
  /** Light markdown; [n] refers to `citations`. */
  feedback: string;
  citations: Citation[];
  nextStep: string;
  createdAt: Date;
}
