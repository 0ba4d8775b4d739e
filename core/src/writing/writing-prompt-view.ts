import type { WritingPrompt } from "../db/generated/client.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import type { WritingCriterion } from "./writing-limits.ts";
import type { WritingPromptView, WritingSource } from "./writing-types.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function toWritingPromptView(row: WritingPrompt): WritingPromptView {
  const rubric = (Array.isArray(row.rubric) ? row.rubric : []) as unknown as WritingCriterion[];
  return {
    id: row.id,
    courseId: row.courseId,
    title: row.title,
    prompt: row.prompt,
    rubric,
    maxScore: rubric.reduce((sum, c) => sum + c.points, 0),
    minWords: row.minWords,
    maxWords: row.maxWords,
    status: row.status,
    origin: row.origin,
    model: row.model,
    template: row.origin === "GENERATED" && row.model === "local",
    sources: (Array.isArray(row.sources) ? row.sources : []) as unknown as WritingSource[],
    createdAt: row.createdAt,
  };
}

export function promptNotFound(promptId: string): AppError {
  return new AppError(ErrorCode.NotFound, "writing prompt not found", {
    userMessage:
      "That writing prompt was not found in your courses. `writing` lists the prompts of a course.",
    details: { promptId },
  });
}

/** A prompt by id, or NotFound (the same for a malformed id and another course's prompt). */
export async function readPrompt(db: Prisma, promptId: string): Promise<WritingPrompt> {
  const row = UUID.test(promptId) ? await db.writingPrompt.findUnique({ where: { id: promptId } }) : null;
  if (!row || row.status === "ARCHIVED") throw promptNotFound(promptId);
  return row;
}
