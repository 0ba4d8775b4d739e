import { z } from "zod";
import { requireEnrollment } from "../courses/enrollments.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import type { Citation } from "../reply/reply.ts";
import { WITHHELD_QUESTION_CONTENT } from "./conversation-memory.ts";

/** The conversation the LMS pages keep for a person in a course: one per course, like a DM. */
export const LMS_THREAD_KEY = "lti:course";

const myQuestionsInput = z.object({
  actor: actorSchema,
  courseId: z.uuid(),
  threadKey: z.string().min(1).max(300),
  limit: z.number().int().min(1).max(100).default(10),
});

const myQuestionInput = z.object({
  actor: actorSchema,
  courseId: z.uuid(),
  /** The tutor's answer (its message id), as the answer's own page names it. */
  answerId: z.uuid(),
});

/** One turn of a person's own conversation with the tutor. */
export interface MyTutorQuestion {
  /** The answer's message id: stable, and what the answer's own page is named by. */
  id: string;
  /** The question's words, or a placeholder when moderation withheld it. */
  question: string;
  answer: string;
  citations: Citation[];
  askedAt: Date;
}

/**
 * The person's own questions to the tutor in one conversation of a course (the LMS page's), newest
 * first, each with the answer they got. Anyone enrolled sees their own; nobody sees another's.
 */
export async function listMyTutorQuestions(
  db: Prisma,
  input: z.input<typeof myQuestionsInput>,
): Promise<MyTutorQuestion[]> {
  const { actor, courseId, threadKey, limit } = parseUseCaseInput(myQuestionsInput, input);
  const { userId } = await resolveUser(db, actor);
  await requireEnrollment(db, courseId, userId);
  const answers = await db.message.findMany({
    where: { role: "ASSISTANT", conversation: { userId, courseId, threadKey } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
  });
  return withQuestions(db, answers);
}

/**
 * One answer the person got from the tutor in the course, with its question. Another person's answer,
 * another course's or an unknown id are the same "not found", so an id tells nothing about others.
 */
export async function readMyTutorQuestion(
  db: Prisma,
  input: z.input<typeof myQuestionInput>,
): Promise<MyTutorQuestion> {
  const { actor, courseId, answerId } = parseUseCaseInput(myQuestionInput, input, {
    answerId: questionNotFound,
  });
  const { userId } = await resolveUser(db, actor);
  await requireEnrollment(db, courseId, userId);
  const answer = await db.message.findFirst({
    where: { id: answerId, role: "ASSISTANT", conversation: { userId, courseId } },
  });
  if (!answer) throw questionNotFound();
  const [turn] = await withQuestions(db, [answer]);
  return turn!;
}

type AnswerMessage = {
  id: string;
  content: string;
  citations: unknown;
  usageLogId: string | null;
  createdAt: Date;
};

/**
 * Each answer's question. The question and its answer are written in one transaction and may carry
 * the same timestamp, so the pair is found through the answer's UsageLog row (which holds the
 * question) rather than by message order.
 */
async function withQuestions(db: Prisma, answers: AnswerMessage[]): Promise<MyTutorQuestion[]> {
  const logIds = answers.flatMap((a) => (a.usageLogId ? [a.usageLogId] : []));
  const logs = logIds.length
    ? await db.usageLog.findMany({ where: { id: { in: logIds } }, select: { id: true, question: true } })
    : [];
  const questionOf = new Map(logs.map((l) => [l.id, l.question]));
  return answers.map((a) => ({
    id: a.id,
    // A withheld question was never stored in words.
    question: (a.usageLogId && questionOf.get(a.usageLogId)) || WITHHELD_QUESTION_CONTENT,
    answer: a.content,
    citations: Array.isArray(a.citations) ? (a.citations as Citation[]) : [],
    askedAt: a.createdAt,
  }));
}

function questionNotFound(): AppError {
  return new AppError(ErrorCode.NotFound, "tutor answer not found", {
    userMessage: "That question is not one of yours in this course.",
  });
}
