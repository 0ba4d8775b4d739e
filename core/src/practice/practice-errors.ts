import { AppError, ErrorCode } from "../errors/app-error.ts";

/** An unknown quiz, another course's quiz and a draft all answer the same: nothing to practise. */
export function practiceQuizNotFound(details: Record<string, unknown> = {}): AppError {
  return new AppError(ErrorCode.NotFound, "no approved quiz to practise", {
    userMessage:
      "That quiz is not available for practice. Type `practice` to see the quizzes you can practise.",
    details,
  });
}

/** A run that does not exist or is someone else's: the same answer, so run ids reveal nothing. */
export function practiceRunNotFound(details: Record<string, unknown> = {}): AppError {
  return new AppError(ErrorCode.NotFound, "no such practice run", {
    userMessage: "That practice run was not found. Type `practice` to start a new one.",
    details,
  });
}

/** A button from a question the run has moved past (or not reached yet). */
export function stalePracticeQuestion(details: Record<string, unknown> = {}): AppError {
  return new AppError(ErrorCode.Conflict, "practice question is not the current one", {
    userMessage: "That question is no longer the current one in this practice run. Use the latest message.",
    details,
  });
}
