import { z } from "zod";
import type { AnswerPolicy } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";

const readAnswerPolicyInput = z.object({ courseId: z.uuid() });

/** How the tutor answers in a course now: what a policy command shows before anyone changes it. */
export async function readAnswerPolicy(
  db: Prisma,
  input: z.input<typeof readAnswerPolicyInput>,
): Promise<AnswerPolicy> {
  const { courseId } = parseUseCaseInput(readAnswerPolicyInput, input, { courseId: courseNotFound });
  const course = await db.course.findUnique({ where: { id: courseId }, select: { answerPolicy: true } });
  if (!course) throw courseNotFound();
  return course.answerPolicy;
}

function courseNotFound(): AppError {
  return new AppError(ErrorCode.NotFound, "course not found", {
    userMessage: "That course no longer exists.",
  });
}
