import { parseNumericAnswer, type QuestionToAnswer } from "@studyhall/core";
import { z } from "zod";

type Response = { choices?: number[]; text?: string; number?: number };

const field = z.union([z.string().max(300), z.array(z.string().max(300)).max(10)]).optional();

/**
 * Reads a posted quiz form (`q-<questionId>` per question: choice indexes, a text or a number) into
 * core's responses by question id. A blank question is left out (it counts as unanswered); a number
 * that is not one is kept as text-less blank so it grades as wrong rather than failing the whole form.
 */
export function readQuizAnswers(body: unknown, questions: QuestionToAnswer[]): Record<string, Response> {
  const form = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const responses: Record<string, Response> = {};
  for (const q of questions) {
    const parsed = field.safeParse(form[`q-${q.id}`]);
    if (!parsed.success || parsed.data === undefined) continue;
    const values = [parsed.data]
      .flat()
      .map((v) => v.trim())
      .filter(Boolean);
    if (values.length === 0) continue;
    if (q.kind === "SHORT_TEXT") responses[q.id] = { text: values[0]! };
    else if (q.kind === "NUMERIC") {
      const number = parseNumericAnswer(values[0]!);
      responses[q.id] = number === undefined ? { choices: [] } : { number };
    } else {
      const choices = values.map(Number).filter((n) => Number.isInteger(n) && n >= 0 && n < q.choices.length);
      responses[q.id] = {
        choices: q.kind === "MULTIPLE_SELECT" ? [...new Set(choices)] : choices.slice(0, 1),
      };
    }
  }
  return responses;
}
