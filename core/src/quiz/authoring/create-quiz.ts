import { z } from "zod";
import { recordAudit } from "../../audit/record-audit.ts";
import { requireStaff } from "../../courses/enrollments.ts";
import { requireOpenCourseById } from "../../courses/require-open-course.ts";
import type { Prisma } from "../../db/open-database.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import { parseUseCaseInput } from "../../errors/parse-input.ts";
import { actorSchema } from "../../people/actor.ts";
import { resolveUser } from "../../people/resolve-user.ts";
import { quizTitleSchema } from "../manage-quizzes.ts";
import { questionColumns } from "../question-input.ts";
import { questionProblemsText, validateQuestion } from "./question-problems.ts";

/** The most questions one quiz holds: what a class plays in one sitting, and what the pages list. */
export const MAX_QUIZ_QUESTIONS = 50;

const createQuizInput = z.object({
  actor: actorSchema,
  courseId: z.uuid(),
  title: z.string(),
  /** Questions as written (checked here); none makes an empty draft to fill on the edit page. */
  questions: z.array(z.unknown()).max(MAX_QUIZ_QUESTIONS).default([]),
  /**
   * Ready to play at once. Staff wrote every question themselves, so there is nothing to review: chat
   * quizzes are saved approved. The LMS page makes a draft and approves it when the teacher says so.
   */
  approved: z.boolean().default(false),
});

/**
 * Writes a quiz by hand: a title and zero or more questions, every one checked with the problem in
 * words ("Question 2: Mark the correct choice."). Staff only; one transaction, audited as
 * `quiz.written`. An approved quiz needs at least one question.
 */
export async function createQuiz(
  db: Prisma,
  input: z.input<typeof createQuizInput>,
): Promise<{ quizId: string; title: string; questions: number; status: "DRAFT" | "APPROVED" }> {
  const {
    actor,
    courseId,
    title: rawTitle,
    questions: raw,
    approved,
  } = parseUseCaseInput(createQuizInput, input);
  const { userId } = await resolveUser(db, actor);
  await requireStaff(db, courseId, userId);
  await requireOpenCourseById(db, courseId);
  const title = quizTitleSchema.safeParse(rawTitle);
  if (!title.success)
    throw new AppError(ErrorCode.InvalidInput, "invalid quiz title", {
      userMessage: title.error.issues[0]?.message ?? "Give the quiz a title.",
    });
  const questions = raw.map((q, i) => {
    const checked = validateQuestion(q);
    if (checked.problems)
      throw new AppError(ErrorCode.InvalidInput, "invalid question", {
        userMessage: questionProblemsText(checked.problems, i + 1),
        details: { question: i + 1, fields: checked.problems.map((p) => p.field).join(",") },
      });
    return checked.question;
  });
  if (approved && questions.length === 0)
    throw new AppError(ErrorCode.InvalidInput, "approved quiz without questions", {
      userMessage: "Write at least one question.",
    });
  const status = approved ? "APPROVED" : "DRAFT";
  const quiz = await db.$transaction(async (tx) => {
    const created = await tx.quiz.create({
      data: {
        courseId,
        title: title.data,
        origin: "AUTHORED",
        createdById: userId,
        status,
        ...(approved ? { approvedAt: new Date(), approvedById: userId } : {}),
        questions: { create: questions.map((q, position) => ({ position, ...questionColumns(q) })) },
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      action: "quiz.written",
      courseId,
      actorId: userId,
      actorPlatform: actor.platform,
      targetType: "quiz",
      targetId: created.id,
      details: { title: title.data.slice(0, 200), questions: questions.length, status },
    });
    return created;
  });
  return { quizId: quiz.id, title: title.data, questions: questions.length, status };
}
