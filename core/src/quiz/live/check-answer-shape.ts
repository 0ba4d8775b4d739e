import { z } from "zod";
import type { Question } from "../../db/generated/client.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import type { QuizResponse } from "../grade-response.ts";

const responseSchema = z
  .object({
    choices: z.array(z.number().int().min(0).max(9)).max(10).optional(),
    text: z.string().max(500).optional(),
    number: z.number().finite().optional(),
  })
  .refine((r) => r.choices !== undefined || r.text !== undefined || r.number !== undefined, "empty answer");

/**
 * The response, validated and fitting the question's kind (one choice in range, some choices, some
 * text, a number); throws an InvalidInput AppError saying what a valid answer looks like.
 */
export function checkAnswerShape(question: Question, input: unknown): QuizResponse {
  const parsed = responseSchema.safeParse(input);
  const response = parsed.success ? parsed.data : null;
  if (!response || !fitsQuestion(question, response))
    throw new AppError(ErrorCode.InvalidInput, "answer does not fit the question", {
      userMessage:
        question.kind === "NUMERIC"
          ? "Please answer with a number, like 42 or 3.5."
          : "That answer does not fit this question.",
      details: { kind: question.kind },
    });
  return response;
}

function fitsQuestion(question: Question, response: QuizResponse): boolean {
  switch (question.kind) {
    case "SINGLE_CHOICE":
    case "TRUE_FALSE":
      return response.choices?.length === 1 && (response.choices[0] as number) < question.choices.length;
    case "MULTIPLE_SELECT":
      return !!response.choices?.length && response.choices.every((c) => c < question.choices.length);
    case "SHORT_TEXT":
      return !!response.text?.trim();
    case "NUMERIC":
      return response.number !== undefined;
  }
}
