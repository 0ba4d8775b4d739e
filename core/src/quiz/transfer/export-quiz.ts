import { z } from "zod";
import { requireStaff } from "../../courses/enrollments.ts";
import type { Prisma } from "../../db/open-database.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import { parseUseCaseInput } from "../../errors/parse-input.ts";
import { actorSchema } from "../../people/actor.ts";
import { resolveUser } from "../../people/resolve-user.ts";
import { writeQuizCsv } from "./write-quiz-csv.ts";

const exportQuizInput = z.object({ actor: actorSchema, courseId: z.uuid(), quizId: z.uuid() });

// The same sentence as every other quiz page's not-found, so a probe cannot tell the routes apart.
const quizNotFound = () =>
  new AppError(ErrorCode.NotFound, "quiz not found", {
    userMessage: "That quiz is not in this course.",
  });

/**
 * A quiz of the course as StudyHall's quiz CSV, for staff: its questions in order (sources are not
 * part of the format). The file name is the title made safe for every file system and header.
 */
export async function exportQuizCsv(
  db: Prisma,
  input: z.input<typeof exportQuizInput>,
): Promise<{ fileName: string; csv: string; questions: number }> {
  const { actor, courseId, quizId } = parseUseCaseInput(exportQuizInput, input, { quizId: quizNotFound });
  const { userId } = await resolveUser(db, actor);
  await requireStaff(db, courseId, userId);
  const quiz = await db.quiz.findFirst({
    where: { id: quizId, courseId },
    select: { title: true, questions: { orderBy: { position: "asc" } } },
  });
  if (!quiz) throw quizNotFound();
  return {
    fileName: quizFileName(quiz.title),
    csv: writeQuizCsv(quiz.questions),
    questions: quiz.questions.length,
  };
}

/** "Week 3: Aquifers / wells" -> "week-3-aquifers-wells-quiz.csv": ASCII letters, digits and dashes only. */
export function quizFileName(title: string): string {
  const slug = title
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60)
    .replace(/-$/, "");
  return `${slug || "quiz"}-quiz.csv`;
}
