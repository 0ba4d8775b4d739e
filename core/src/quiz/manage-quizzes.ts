import { z } from "zod";
import { recordAudit } from "../audit/record-audit.ts";
import { requireEnrollment, requireStaff } from "../courses/enrollments.ts";
import { requireOpenCourseById } from "../courses/require-open-course.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import type { Reply, ReplyBlock } from "../reply/reply.ts";
import { refuseWhileBeingPlayed } from "./authoring/editable-quiz.ts";
import { questionProblemsText, validateQuestion } from "./authoring/question-problems.ts";
import { correctAnswerText } from "./live/quiz-board-view.ts";
import { type QuestionInput, questionColumns } from "./question-input.ts";

const courseActorInput = z.object({ actor: actorSchema, courseId: z.uuid() });
const quizActorInput = courseActorInput.extend({ quizId: z.uuid() });

export interface QuizSummary {
  id: string;
  title: string;
  topic: string | null;
  status: "DRAFT" | "APPROVED" | "ARCHIVED";
  origin: "AUTHORED" | "GENERATED";
  questions: number;
  createdAt: Date;
}

/** The course's quizzes (drafts only when `status` says so). Drafts are for staff's eyes only. */
export async function listQuizzes(
  db: Prisma,
  input: z.input<typeof courseActorInput> & { status?: "DRAFT" | "APPROVED" },
): Promise<QuizSummary[]> {
  const { actor, courseId } = courseActorInput.parse(input);
  const { userId } = await resolveUser(db, actor);
  const { role } = await requireEnrollment(db, courseId, userId);
  if (input.status === "DRAFT" && role !== "STAFF") await requireStaff(db, courseId, userId);
  const quizzes = await db.quiz.findMany({
    where: { courseId, status: input.status ?? (role === "STAFF" ? { not: "ARCHIVED" } : "APPROVED") },
    orderBy: { createdAt: "desc" },
    take: 25,
    include: { _count: { select: { questions: true } } },
  });
  return quizzes.map((q) => ({
    id: q.id,
    title: q.title,
    topic: q.topic,
    status: q.status,
    origin: q.origin,
    questions: q._count.questions,
    createdAt: q.createdAt,
  }));
}

/** A draft for review: every question with its answer, explanation and source, plus Approve / Discard. */
export async function quizReviewReply(db: Prisma, input: z.input<typeof quizActorInput>): Promise<Reply> {
  const { quizId, courseId } = await requireQuizStaff(db, input);
  const quiz = await db.quiz.findFirst({
    where: { id: quizId, courseId },
    include: { questions: { orderBy: { position: "asc" } } },
  });
  if (!quiz) throw quizNotFound();
  const blocks: ReplyBlock[] = [
    {
      type: "text",
      text: `**${quiz.title}** · ${quiz.status === "DRAFT" ? "draft" : quiz.status.toLowerCase()} · ${quiz.questions.length} question${quiz.questions.length === 1 ? "" : "s"}`,
    },
  ];
  for (const [i, q] of quiz.questions.entries()) {
    const choices = q.choices.length
      ? `\n${q.choices.map((c, j) => `${q.correctChoices.includes(j) ? "✅" : "▫️"} ${c}`).join("\n")}`
      : `\n✅ ${correctAnswerText(q)}`;
    const source = q.sourceTitle
      ? `\n_Source: ${q.sourceTitle}${q.sourceAnchor ? `, ${q.sourceAnchor}` : ""}_`
      : "";
    blocks.push({ type: "text", text: `**${i + 1}. ${q.prompt}**${choices}${source}` });
  }
  if (quiz.status === "DRAFT")
    blocks.push({
      type: "buttons",
      buttons: [
        { label: "Approve", action: { kind: "quiz.approve", quizId }, style: "primary" },
        { label: "Discard", action: { kind: "quiz.discard", quizId }, style: "danger" },
      ],
    });
  return { visibility: "private", blocks };
}

/** Approves a draft so it can be played live. Staff only. */
export async function approveQuiz(
  db: Prisma,
  input: z.input<typeof quizActorInput>,
): Promise<{ title: string }> {
  const { quizId, courseId, userId, platform } = await requireQuizStaff(db, input);
  await requireOpenCourseById(db, courseId);
  const quiz = await db.quiz.findFirst({
    where: { id: quizId, courseId },
    include: { _count: { select: { questions: true } } },
  });
  if (!quiz) throw quizNotFound();
  if (quiz._count.questions === 0)
    throw new AppError(ErrorCode.Conflict, "empty quiz", {
      userMessage: "This quiz has no questions to play.",
    });
  await db.$transaction(async (tx) => {
    await tx.quiz.update({
      where: { id: quizId },
      data: { status: "APPROVED", approvedAt: new Date(), approvedById: userId },
    });
    await recordAudit(tx, {
      action: "quiz.approved",
      courseId,
      actorId: userId,
      actorPlatform: platform,
      targetType: "quiz",
      targetId: quizId,
      details: { title: quiz.title.slice(0, 200), questions: quiz._count.questions },
    });
  });
  return { title: quiz.title };
}

/** Archives a quiz (drafts are deleted: nobody has played them). Staff only. */
export async function discardQuiz(
  db: Prisma,
  input: z.input<typeof quizActorInput>,
): Promise<{ title: string }> {
  const { quizId, courseId, userId, platform } = await requireQuizStaff(db, input);
  await requireOpenCourseById(db, courseId);
  const quiz = await db.quiz.findFirst({ where: { id: quizId, courseId } });
  if (!quiz) throw quizNotFound();
  await db.$transaction(async (tx) => {
    if (quiz.status === "DRAFT") await tx.quiz.delete({ where: { id: quizId } });
    else await tx.quiz.update({ where: { id: quizId }, data: { status: "ARCHIVED" } });
    await recordAudit(tx, {
      action: "quiz.discarded",
      courseId,
      actorId: userId,
      actorPlatform: platform,
      targetType: "quiz",
      targetId: quizId,
      details: { title: quiz.title.slice(0, 200), was: quiz.status },
    });
  });
  return { title: quiz.title };
}

/** The longest quiz title: what an LMS gradebook column (Canvas: 255) and chat messages show whole. */
export const MAX_QUIZ_TITLE_CHARS = 200;

/** A quiz title as people type it: trimmed, not empty, at most {@link MAX_QUIZ_TITLE_CHARS}. */
export const quizTitleSchema = z
  .string()
  .trim()
  .min(1, "Give the quiz a title.")
  .max(MAX_QUIZ_TITLE_CHARS, `Quiz titles are at most ${MAX_QUIZ_TITLE_CHARS} characters.`);

/**
 * Renames a draft or approved quiz. Staff only. Results keep pointing at the quiz, so they show the
 * new title; an LMS gradebook column made for the quiz is the front end's to retitle (core knows no
 * LMS). Returns the title before and after; the same title again changes nothing and logs nothing.
 */
export async function renameQuiz(
  db: Prisma,
  input: z.input<typeof quizActorInput> & { title: string },
): Promise<{ from: string; title: string; changed: boolean }> {
  const { quizId, courseId, userId, platform } = await requireQuizStaff(db, input);
  await requireOpenCourseById(db, courseId);
  const parsed = quizTitleSchema.safeParse(input.title);
  if (!parsed.success)
    throw new AppError(ErrorCode.InvalidInput, "invalid quiz title", {
      userMessage: parsed.error.issues[0]?.message ?? "Give the quiz a title.",
    });
  const title = parsed.data;
  const quiz = await db.quiz.findFirst({
    where: { id: quizId, courseId, status: { not: "ARCHIVED" } },
    select: { title: true },
  });
  if (!quiz) throw quizNotFound();
  if (quiz.title === title) return { from: quiz.title, title, changed: false };
  await db.$transaction(async (tx) => {
    await tx.quiz.update({ where: { id: quizId }, data: { title } });
    await recordAudit(tx, {
      action: "quiz.renamed",
      courseId,
      actorId: userId,
      actorPlatform: platform,
      targetType: "quiz",
      targetId: quizId,
      details: { from: quiz.title.slice(0, 200), title },
    });
  });
  return { from: quiz.title, title, changed: true };
}

/**
 * A draft or approved quiz of the course with its questions in order, for staff to edit. An archived
 * quiz, an unknown or malformed id and another course's quiz are the same "not found".
 */
export async function quizForEditing(db: Prisma, input: z.input<typeof quizActorInput>) {
  const { quizId, courseId } = await requireQuizStaff(db, input);
  const quiz = await db.quiz.findFirst({
    where: { id: quizId, courseId, status: { not: "ARCHIVED" } },
    include: { questions: { orderBy: { position: "asc" } } },
  });
  if (!quiz) throw quizNotFound();
  return quiz;
}

/**
 * Replaces one question of a quiz (its source passage is kept unless the edit names another). With
 * `questionId` (the question the editing page showed), a question moved since is refused, not overwritten.
 */
export async function updateQuestion(
  db: Prisma,
  input: z.input<typeof quizActorInput> & { position: number; question: QuestionInput; questionId?: string },
): Promise<void> {
  const { quizId, courseId, userId, platform } = await requireQuizStaff(db, input);
  await requireOpenCourseById(db, courseId);
  if (!(await db.quiz.findFirst({ where: { id: quizId, courseId }, select: { id: true } })))
    throw quizNotFound();
  const parsed = validateQuestion(input.question);
  if (parsed.problems)
    throw new AppError(ErrorCode.InvalidInput, "invalid question", {
      userMessage: questionProblemsText(parsed.problems, input.position + 1),
    });
  const existing = await db.question.findFirst({
    where: { quizId, position: input.position, quiz: { courseId } },
  });
  if (!existing)
    throw new AppError(ErrorCode.NotFound, "no such question", {
      userMessage: "That question is not in this quiz.",
    });
  if (input.questionId !== undefined && existing.id !== input.questionId)
    throw new AppError(ErrorCode.Conflict, "question moved since the page was loaded", {
      userMessage: "The quiz changed since this page was loaded. Check the questions and try again.",
    });
  await refuseWhileBeingPlayed(db, quizId);
  await db.$transaction(async (tx) => {
    await tx.question.update({ where: { id: existing.id }, data: questionColumns(parsed.question) });
    await recordAudit(tx, {
      action: "quiz.edited",
      courseId,
      actorId: userId,
      actorPlatform: platform,
      targetType: "quiz",
      targetId: quizId,
      details: { position: input.position },
    });
  });
}

async function requireQuizStaff(db: Prisma, input: z.input<typeof quizActorInput>) {
  // A malformed quiz id names no quiz: "not found", like another course's quiz.
  const { actor, courseId, quizId } = parseUseCaseInput(quizActorInput, input, { quizId: quizNotFound });
  const { userId } = await resolveUser(db, actor);
  await requireStaff(db, courseId, userId);
  return { quizId, courseId, userId, platform: actor.platform };
}

function quizNotFound(): AppError {
  return new AppError(ErrorCode.NotFound, "no such quiz in course", {
    userMessage: "That quiz is not in this course.",
  });
}
