/** One passage a writer may draw questions from; the prompt numbers them from 1 in this order. */
export interface WriterPassage {
  /** The chunk id, stored as the question's source. */
  id: string;
  text: string;
  /** The material's title. */
  title: string;
  /** Where in the material ("p. 4", "Cells › Membranes"), when known. */
  anchor: string | null;
}

export interface WriteRequest {
  passages: WriterPassage[];
  /** How many questions to write; the caller asks for more than it keeps, since some get dropped. */
  count: number;
  topic?: string;
}

export interface WrittenQuestions {
  /**
   * Raw items in the shape of {@link RAW_QUESTION_FIELDS}, unchecked: `repairQuestions` turns them into
   * valid questions or drops them, so nothing a writer produces is stored as is.
   */
  questions: unknown[];
  model: string;
  tokensIn: number;
  tokensOut: number;
}

/** Writes quiz questions from numbered passages: an LLM online, key sentences offline. */
export interface QuestionWriter {
  readonly model: string;
  write(request: WriteRequest): Promise<WrittenQuestions>;
}

/**
 * The fields of one raw question, shared by both writers and the JSON schema the LLM answers in.
 * `correct` holds 0-based indexes into `choices`; `passage` is the 1-based passage number.
 */
export const RAW_QUESTION_FIELDS = [
  "kind",
  "prompt",
  "choices",
  "correct",
  "accepted_answers",
  "numeric_answer",
  "tolerance",
  "explanation",
  "difficulty",
  "passage",
] as const;

/** A raw question as a well-behaved writer produces it (the local writer builds exactly these). */
export interface RawQuestion {
  kind: "SINGLE_CHOICE" | "MULTIPLE_SELECT" | "TRUE_FALSE" | "SHORT_TEXT" | "NUMERIC";
  prompt: string;
  choices: string[];
  correct: number[];
  accepted_answers?: string[];
  numeric_answer?: number | null;
  tolerance?: number | null;
  explanation: string;
  difficulty: "EASY" | "MEDIUM" | "HARD";
  passage: number;
}
