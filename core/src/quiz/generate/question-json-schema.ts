import { QUESTION_LIMITS } from "../question-input.ts";
import { RAW_QUESTION_FIELDS } from "./question-writer.ts";

/** The structured-output name the LLM writer sends. */
export const QUESTION_SCHEMA_NAME = "quiz_questions";

const nullable = (type: string, description: string) => ({ type: [type, "null"], description });

/**
 * The JSON schema of the LLM writer's reply, in OpenAI's strict subset: every field required and no
 * others, optional values nullable. Limits are stated in descriptions rather than as keywords so that
 * compatible servers with partial schema support accept it too; `repairQuestions` enforces them.
 */
export const QUESTION_JSON_SCHEMA: Record<string, unknown> = {
  type: "object",
  additionalProperties: false,
  required: ["questions"],
  properties: {
    questions: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: [...RAW_QUESTION_FIELDS],
        properties: {
          kind: {
            type: "string",
            enum: ["SINGLE_CHOICE", "MULTIPLE_SELECT", "TRUE_FALSE", "SHORT_TEXT", "NUMERIC"],
          },
          prompt: {
            type: "string",
            description: `The question, at most ${QUESTION_LIMITS.promptChars} characters, understandable without the passage.`,
          },
          choices: {
            type: "array",
            items: { type: "string" },
            description: `SINGLE_CHOICE and MULTIPLE_SELECT: ${QUESTION_LIMITS.minChoices} to ${QUESTION_LIMITS.maxChoices} distinct choices of at most ${QUESTION_LIMITS.choiceChars} characters. TRUE_FALSE: ["True", "False"]. Otherwise [].`,
          },
          correct: {
            type: "array",
            items: { type: "integer" },
            description:
              "0-based indexes into choices of every correct choice (exactly one for SINGLE_CHOICE and TRUE_FALSE). [] for SHORT_TEXT and NUMERIC.",
          },
          accepted_answers: {
            type: "array",
            items: { type: "string" },
            description: "SHORT_TEXT: the accepted short answers (a term from the passage). Otherwise [].",
          },
          numeric_answer: nullable("number", "NUMERIC: the number stated in the passage. Otherwise null."),
          tolerance: nullable(
            "number",
            "NUMERIC: how far an answer may be from numeric_answer. Otherwise null.",
          ),
          explanation: {
            type: "string",
            description: "Why the answer is right, from the passage, in one or two sentences.",
          },
          difficulty: { type: "string", enum: ["EASY", "MEDIUM", "HARD"] },
          passage: {
            type: "integer",
            description: "The number n of the passage the question and its answer come from.",
          },
        },
      },
    },
  },
};
