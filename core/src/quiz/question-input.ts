import { z } from "zod";

/** Limits that keep a question showable on every front end (Slack and Discord buttons, LMS pages). */
export const QUESTION_LIMITS = {
  promptChars: 500,
  choiceChars: 80,
  minChoices: 2,
  maxChoices: 5,
  explanationChars: 600,
  minSeconds: 5,
  maxSeconds: 300,
  maxPoints: 10_000,
} as const;

const text = (max: number) => z.string().trim().min(1).max(max);

const common = {
  prompt: text(QUESTION_LIMITS.promptChars),
  explanation: text(QUESTION_LIMITS.explanationChars).nullish(),
  hint: text(300).nullish(),
  points: z.number().int().min(0).max(QUESTION_LIMITS.maxPoints).optional(),
  timeLimitSec: z.number().int().min(QUESTION_LIMITS.minSeconds).max(QUESTION_LIMITS.maxSeconds).optional(),
  difficulty: z.enum(["EASY", "MEDIUM", "HARD"]).optional(),
  /** The passage the question was written from (generated questions always have one). */
  sourceChunkId: z.uuid().nullish(),
};

const choices = z
  .array(text(QUESTION_LIMITS.choiceChars))
  .min(QUESTION_LIMITS.minChoices)
  .max(QUESTION_LIMITS.maxChoices)
  .refine((list) => new Set(list.map((c) => c.toLowerCase())).size === list.length, {
    message: "choices must be different from each other",
  });

/**
 * One question as authored or generated, before it is stored. Correct answers are checked against
 * the choices here, so a stored question is always answerable.
 */
export const questionInputSchema = z
  .discriminatedUnion("kind", [
    z.object({
      kind: z.literal("SINGLE_CHOICE"),
      ...common,
      choices,
      correctChoices: z.array(z.number().int()).length(1),
    }),
    z.object({
      kind: z.literal("MULTIPLE_SELECT"),
      ...common,
      choices,
      correctChoices: z.array(z.number().int()).min(1),
    }),
    z.object({ kind: z.literal("TRUE_FALSE"), ...common, answer: z.boolean() }),
    z.object({
      kind: z.literal("SHORT_TEXT"),
      ...common,
      acceptedAnswers: z.array(text(QUESTION_LIMITS.choiceChars)).min(1).max(10),
    }),
    z.object({
      kind: z.literal("NUMERIC"),
      ...common,
      numericAnswer: z.number().finite(),
      tolerance: z.number().finite().min(0).default(0),
    }),
  ])
  .superRefine((q, ctx) => {
    if (q.kind !== "SINGLE_CHOICE" && q.kind !== "MULTIPLE_SELECT") return;
    const unique = new Set(q.correctChoices);
    if (unique.size !== q.correctChoices.length)
      ctx.addIssue({ code: "custom", path: ["correctChoices"], message: "a correct choice is listed twice" });
    if (q.correctChoices.some((i) => i < 0 || i >= q.choices.length))
      ctx.addIssue({
        code: "custom",
        path: ["correctChoices"],
        message: "a correct choice is not one of the choices",
      });
  });

export type QuestionInput = z.infer<typeof questionInputSchema>;

/** The columns of a `Question` row (without quiz, position and source fields) for a valid input. */
export function questionColumns(q: QuestionInput) {
  const base = {
    kind: q.kind,
    prompt: q.prompt,
    explanation: q.explanation ?? null,
    hint: q.hint ?? null,
    ...(q.points === undefined ? {} : { points: q.points }),
    ...(q.timeLimitSec === undefined ? {} : { timeLimitSec: q.timeLimitSec }),
    ...(q.difficulty === undefined ? {} : { difficulty: q.difficulty }),
    choices: [] as string[],
    correctChoices: [] as number[],
    acceptedAnswers: [] as string[],
    numericAnswer: null as number | null,
    tolerance: null as number | null,
  };
  switch (q.kind) {
    case "SINGLE_CHOICE":
    case "MULTIPLE_SELECT":
      return { ...base, choices: q.choices, correctChoices: [...q.correctChoices].sort((a, b) => a - b) };
    case "TRUE_FALSE":
      return { ...base, choices: ["True", "False"], correctChoices: [q.answer ? 0 : 1] };
    case "SHORT_TEXT":
      return { ...base, acceptedAnswers: q.acceptedAnswers };
    case "NUMERIC":
      return { ...base, numericAnswer: q.numericAnswer, tolerance: q.tolerance };
  }
}
