import { z } from "zod";
import { requireOpenCourse } from "../courses/require-open-course.ts";
import type { StudyHallDeps } from "../deps.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { actorSchema } from "../people/actor.ts";
import { studyMember } from "../study-guides/study-access.ts";
import { checkStudyTokenBudget, withStudyAiUsage } from "../study-guides/study-ai-usage.ts";
import { modelWritingFeedback } from "./model-writing-feedback.ts";
import { STRUCTURAL_HONESTY, structuralFeedback } from "./structural-feedback.ts";
import { WRITING_LIMITS } from "./writing-limits.ts";
import { writingPassages } from "./writing-passages.ts";
import { promptNotFound, readPrompt, toWritingPromptView } from "./writing-prompt-view.ts";
import { readWritingResult } from "./writing-results.ts";
import type { WritingResultView } from "./writing-types.ts";

export const submitWritingInput = z.object({
  actor: actorSchema,
  promptId: z.string().max(100),
  /** Checked against WRITING_LIMITS.maxChars by the use case, so the refusal can name the length. */
  text: z.string(),
});

/**
 * A member's writing for an APPROVED prompt of their course, with feedback, stored as a
 * WritingSubmission. Refused with nothing stored when empty or over WRITING_LIMITS.maxChars (the
 * refusal names the limit and the length). With a chat model: a score per criterion (held to the
 * rubric), feedback citing the course passages [n] where the writing disagrees with them, one next
 * step; its tokens are the course's (WRITING_FEEDBACK). Offline: structural feedback only (length, key
 * terms, references to the materials), no criterion scored, and it says so. Another course's prompt,
 * a draft or an unknown id is NotFound.
 */
export async function submitWriting(
  deps: StudyHallDeps,
  input: z.input<typeof submitWritingInput>,
): Promise<WritingResultView> {
  const { actor, promptId, text: raw } = parseUseCaseInput(submitWritingInput, input);
  const { db } = deps;
  const row = await readPrompt(db, promptId);
  const { userId, course } = await studyMember(db, actor, row.courseId).catch(() => {
    throw promptNotFound(promptId);
  });
  if (row.status !== "APPROVED") throw promptNotFound(promptId);
  requireOpenCourse(course);
  const text = raw.trim();
  checkSize(text);
  const prompt = toWritingPromptView(row);
  const wordCount = text.split(/\s+/).filter(Boolean).length;
  const now = deps.clock();
  const chat = deps.ai.chat;

  let stored: Parameters<typeof db.writingSubmission.create>[0]["data"];
  const base = {
    promptId: row.id,
    courseId: row.courseId,
    userId,
    platform: actor.platform,
    text,
    wordCount,
    createdAt: now,
  };
  if (chat) {
    await checkStudyTokenBudget(db, {
      courseId: row.courseId,
      userId,
      defaults: deps.tutor.limits,
      now,
      what: "writing feedback",
    });
    const started = performance.now();
    const usage = {
      kind: "WRITING_FEEDBACK" as const,
      courseId: row.courseId,
      userId,
      platform: actor.platform,
      question: prompt.title,
      model: chat.model,
    };
    const passages = await writingPassages(db, deps.ai.embedder, { courseId: row.courseId, text });
    const feedback = await withStudyAiUsage(db, usage, started, () =>
      modelWritingFeedback(chat, { prompt, text, passages }),
    );
    stored = {
      ...base,
      method: "MODEL",
      model: chat.model,
      scores: feedback.scores as object[],
      totalScore: feedback.scores.reduce((sum, s) => sum + s.score, 0),
      maxScore: prompt.maxScore,
      feedback: feedback.feedback,
      citations: feedback.citations as object[],
      nextStep: feedback.nextStep,
    };
  } else {
    const feedback = await structuralFeedback(db, { prompt, text, wordCount });
    stored = {
      ...base,
      method: "STRUCTURAL",
      model: null,
      scores: [],
      totalScore: 0,
      maxScore: 0,
      feedback: `${STRUCTURAL_HONESTY}\n\n${feedback.feedback}`,
      citations: feedback.citations as object[],
      nextStep: feedback.nextStep,
    };
  }
  const submission = await db.writingSubmission.create({ data: stored });
  deps.logger.info(
    {
      courseId: row.courseId,
      userId,
      promptId: row.id,
      submissionId: submission.id,
      method: stored.method,
      wordCount,
    },
    "writing submitted",
  );
  return readWritingResult(db, submission.id);
}

function checkSize(text: string): void {
  if (text.length === 0)
    throw new AppError(ErrorCode.InvalidInput, "empty writing submission", {
      userMessage:
        "There is nothing to give feedback on: the submission is empty. Write your piece and submit it again.",
    });
  if (text.length > WRITING_LIMITS.maxChars)
    throw new AppError(ErrorCode.InvalidInput, "writing submission too long", {
      userMessage: `A submission can be at most ${WRITING_LIMITS.maxChars.toLocaleString("en-US")} characters; this one has ${text.length.toLocaleString("en-US")}. Shorten it and submit again (nothing was saved).`,
      details: { length: text.length, limit: WRITING_LIMITS.maxChars },
    });
}
