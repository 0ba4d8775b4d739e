import type { AnswerPolicy } from "../db/generated/enums.ts";
import type { LearnerPreferences } from "../people/learner-preferences.ts";

/** A retrieved passage as the responder sees it; `n` is its citation number. */
export interface TutorSource {
  n: number;
  chunkId: string;
  materialId: string;
  title: string;
  anchor: string | null;
  text: string;
}

export interface TutorTurn {
  question: string;
  courseName: string;
  policy: AnswerPolicy;
  preferences: LearnerPreferences;
  sources: TutorSource[];
  /** Earlier turns of this conversation, oldest first. */
  history: Array<{ role: "user" | "assistant"; content: string }>;
  onDelta?: (text: string) => void;
}

export interface TutorDraft {
  text: string;
  tokensIn: number;
  tokensOut: number;
}

/** Writes the answer from the sources: a language model, or the offline extractive responder. */
export interface TutorResponder {
  readonly model: string;
  respond(turn: TutorTurn): Promise<TutorDraft>;
}
