import type { QuizOrigin } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { citationAnchor } from "../tutor/citation-anchor.ts";
import { type QuestionInput, questionColumns, questionInputSchema } from "./question-input.ts";

export interface SaveQuizInput {
  courseId: string;
  title: string;
  topic?: string | null;
  origin: QuizOrigin;
  /** The model that wrote a generated quiz ("local" offline). */
  model?: string | null;
  createdById?: string | null;
  /** Generated quizzes start as drafts; authored ones may be saved approved. */
  approved?: boolean;
  questions: QuestionInput[];
}

/**
 * Stores a quiz and its questions in one transaction. Every question is validated again here and a
 * question's source passage must belong to the same course, so nothing unanswerable or foreign is
 * ever stored. Returns the quiz id.
 */
export async function saveQuiz(
  db: Pick<Prisma, "quiz" | "materialChunk">,
  input: SaveQuizInput,
): Promise<{ quizId: string }> {
  if (input.questions.length === 0)
    throw new AppError(ErrorCode.InvalidInput, "quiz without questions", {
      userMessage: "A quiz needs at least one question.",
    });
  const questions = input.questions.map((q, i) => {
    const parsed = questionInputSchema.safeParse(q);
    if (!parsed.success)
      throw new AppError(ErrorCode.InvalidInput, "invalid question", {
        userMessage: `Question ${i + 1} is not valid: ${parsed.error.issues[0]?.message ?? "check it"}.`,
        details: { issues: parsed.error.issues },
      });
    return parsed.data;
  });

  const chunkIds = [...new Set(questions.map((q) => q.sourceChunkId).filter((id): id is string => !!id))];
  const chunks = chunkIds.length
    ? await db.materialChunk.findMany({
        where: { id: { in: chunkIds }, courseId: input.courseId },
        select: { id: true, materialId: true, anchor: true, material: { select: { title: true } } },
      })
    : [];
  const byId = new Map(chunks.map((c) => [c.id, c]));
  const missing = chunkIds.filter((id) => !byId.has(id));
  if (missing.length)
    throw new AppError(ErrorCode.InvalidInput, "question source is not a passage of this course", {
      userMessage: "A question cites a passage that is not in this course.",
      details: { missing },
    });

  const quiz = await db.quiz.create({
    data: {
      courseId: input.courseId,
      title: input.title.trim().slice(0, 200) || "Quiz",
      topic: input.topic ?? null,
      origin: input.origin,
      model: input.model ?? null,
      createdById: input.createdById ?? null,
      status: input.approved ? "APPROVED" : "DRAFT",
      ...(input.approved ? { approvedAt: new Date(), approvedById: input.createdById ?? null } : {}),
      questions: {
        create: questions.map((q, position) => {
          const chunk = q.sourceChunkId ? byId.get(q.sourceChunkId) : undefined;
          return {
            position,
            ...questionColumns(q),
            sourceChunkId: chunk?.id ?? null,
            sourceMaterialId: chunk?.materialId ?? null,
            sourceTitle: chunk?.material.title ?? null,
            sourceAnchor: chunk ? citationAnchor(chunk.material.title, chunk.anchor) : null,
          };
        }),
      },
    },
    select: { id: true },
  });
  return { quizId: quiz.id };
}
