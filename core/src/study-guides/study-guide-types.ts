import type { Citation } from "../reply/reply.ts";

/** What a study guide covers: a topic, chosen materials, or a week of the course (one of them, or a topic within materials). */
export interface StudyGuideRequest {
  topic?: string;
  week?: number;
  materialIds?: string[];
}

/** A sentence of the guide and the passages ([n] of the guide's sources) it rests on. */
export interface GuideStatement {
  text: string;
  cites: number[];
}

export interface GuideTerm {
  term: string;
  definition: string;
  cites: number[];
}

export interface GuideQuestion {
  question: string;
  answer: string;
  cites: number[];
}

/** One heading of one material and what the guide says about it. */
export interface GuideSection {
  heading: string;
  material: string;
  summary: GuideStatement[];
  terms: GuideTerm[];
  questions: GuideQuestion[];
}

/** The stored structure of a guide (StudyGuide.content): sections and the passages they cite. */
export interface GuideContent {
  sections: GuideSection[];
  sources: Citation[];
}

export type StudyGuideStatus = "WRITING" | "READY" | "FAILED";
export type StudyGuideMethod = "MODEL" | "EXTRACTIVE";

export interface StudyGuideView {
  id: string;
  courseId: string;
  title: string;
  scope: StudyGuideRequest;
  status: StudyGuideStatus;
  method: StudyGuideMethod;
  /** The model that wrote it; null for an extractive guide. */
  model: string | null;
  content: GuideContent;
  markdown: string;
  /** The guide as a PDF, built from `content`; null until it is READY. */
  pdf: Uint8Array | null;
  passagesDone: number;
  passagesTotal: number;
  /** Why writing it failed, as a person reads it. */
  error: string | null;
  /** True when an earlier guide of the same scope was returned instead of writing a new one. */
  reused: boolean;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface StudyGuideSummary {
  id: string;
  title: string;
  status: StudyGuideStatus;
  method: StudyGuideMethod;
  sections: number;
  createdAt: Date;
}

/** A passage a guide is written from, with its number in the guide's sources. */
export interface GuidePassage extends Citation {
  text: string;
  /** The heading path the chunk sits under (MaterialChunk.section); null for page-anchored chunks. */
  section: string | null;
}

/** The passages of one section of the guide, in the material's order. */
export interface PassageGroup {
  heading: string;
  material: string;
  passages: GuidePassage[];
}
