import { z } from "zod";
import { requireStaff } from "../../courses/enrollments.ts";
import { requireOpenCourseById } from "../../courses/require-open-course.ts";
import type { Prisma } from "../../db/open-database.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import { parseUseCaseInput } from "../../errors/parse-input.ts";
import { actorSchema } from "../../people/actor.ts";
import { resolveUser } from "../../people/resolve-user.ts";
import { OPEN_STATES, type Tx as Transaction } from "../live/live-session.ts";

export const quizEditInput = z.object({ actor: actorSchema, courseId: z.uuid(), quizId: z.uuid() });

/** The staff member editing a quiz of their course. A malformed quiz id is "not found", like any. */
export async function requireQuizEditor(db: Prisma, input: z.input<typeof quizEditInput>) {
  const { actor, courseId, quizId } = parseUseCaseInput(quizEditInput, input, { quizId: quizNotFound });
  const { userId } = await resolveUser(db, actor);
  await requireStaff(db, courseId, userId);
  await requireOpenCourseById(db, courseId);
  return { quizId, courseId, userId, platform: actor.platform };
}

/**
 * Inside an edit's transaction: locks the quiz row, so concurrent edits of one quiz run one after the
 * other and positions never collide, then checks the quiz is the course's, not archived and not being
 * played. Returns its title and status.
 */
export async function lockEditableQuiz(tx: Transaction, quizId: string, courseId: string) {
  const rows = await tx.$queryRaw<{ title: string; status: string }[]>`
    SELECT title, status::text AS status FROM "Quiz"
    WHERE id = ${quizId}::uuid AND "courseId" = ${courseId}::uuid AND status <> 'ARCHIVED'
    FOR UPDATE`;
  const quiz = rows[0];
  if (!quiz) throw quizNotFound();
  await refuseWhileBeingPlayed(tx, quizId);
  return quiz;
}

/** Refuses to change a quiz with an unfinished game: its questions are read by position while it runs. */
export async function refuseWhileBeingPlayed(db: Transaction | Prisma, quizId: string): Promise<void> {
  const live = await db.quizSession.count({ where: { quizId, state: { in: [...OPEN_STATES] } } });
  if (live)
    throw new AppError(ErrorCode.Conflict, "quiz is being played", {
      userMessage: "This quiz is being played right now. Edit it after the game.",
    });
}

/** The quiz's questions in order, with how many answers each has (answered ones keep their place). */
export async function questionsInOrder(tx: Transaction, quizId: string) {
  return tx.question.findMany({
    where: { quizId },
    orderBy: { position: "asc" },
    select: { id: true, position: true, prompt: true, _count: { select: { answers: true } } },
  });
}

/**
 * Gives the questions the positions 0..n-1 in the order given. Positions are unique per quiz and
 * Postgres checks that row by row, so they are first moved out of the way (negative), then set.
 */
export async function writePositions(tx: Transaction, quizId: string, orderedIds: string[]): Promise<void> {
  await tx.$executeRaw`UPDATE "Question" SET position = -1 - position WHERE "quizId" = ${quizId}::uuid`;
  for (const [position, id] of orderedIds.entries())
    await tx.question.update({ where: { id }, data: { position } });
}

export function quizNotFound(): AppError {
  return new AppError(ErrorCode.NotFound, "no such quiz in course", {
    userMessage: "That quiz is not in this course.",
  });
}

export function questionNotFound(): AppError {
  return new AppError(ErrorCode.NotFound, "no such question", {
    userMessage: "That question is not in this quiz.",
  });
}

/**
 * The question at `position`, when it is still the one the person saw (`questionId`, from their page).
 * A page loaded before another edit would otherwise delete or move whichever question took its place.
 */
export function questionAt<Q extends { id: string; position: number }>(
  questions: Q[],
  position: number,
  questionId: string | undefined,
): Q {
  const found = questions.find((q) => q.position === position);
  if (!found) throw questionNotFound();
  if (questionId !== undefined && found.id !== questionId)
    throw new AppError(ErrorCode.Conflict, "question moved since the page was loaded", {
      userMessage: "The quiz changed since this page was loaded. Check the questions and try again.",
    });
  return found;
}
