import { z } from "zod";
import { requireEnrollment } from "../../courses/enrollments.ts";
import { requireOpenCourseById } from "../../courses/require-open-course.ts";
import type { Question } from "../../db/generated/client.ts";
import type { Prisma } from "../../db/open-database.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import { actorSchema } from "../../people/actor.ts";
import { resolveUser } from "../../people/resolve-user.ts";
import { type Grade, gradeResponse } from "../grade-response.ts";
import { questionPoints } from "../quiz-options.ts";
import { scheduleGradebookSync } from "../results/schedule-gradebook-sync.ts";
import { attemptQuestions, findAttempt, quizUnavailable } from "./load-quiz-attempt.ts";
import { type AttemptResult, attemptSpaceId } from "./quiz-attempt-view.ts";

const responseSchema = z
  .object({
    choices: z.array(z.number().int().min(0).max(9)).max(10).optional(),
    text: z.string().trim().max(300).optional(),
    number: z.number().finite().optional(),
  })
  .strict();

export const submitQuizAttemptInput = z.object({
  actor: actorSchema,
  courseId: z.uuid(),
  quizId: z.uuid(),
  /** By question id; a question left out counts as unanswered. */
  responses: z.record(z.uuid(), responseSchema),
});

export interface SubmittedAttempt {
  /** False when this person's attempt was already stored (a second submit, a double click). */
  created: boolean;
  /** Whether a gradebook delivery was scheduled with this attempt. */
  gradebookScheduled: boolean;
  attempt: AttemptResult;
}

/**
 * Grades a quiz taken on one's own in a page and stores it once per person and quiz: a FINISHED quiz
 * session of its own (in the course's LMS space), the answers and a QuizResult whose accuracy is the
 * share of credit earned (speed plays no part), and — in the same transaction — the gradebook delivery
 * of that result. A second submit, even one racing the first, stores nothing and returns the first.
 * An archived course is read-only: a first attempt there is refused with its archived sentence, while
 * an attempt stored before the archiving is still returned.
 */
export async function submitQuizAttempt(
  db: Prisma,
  input: z.input<typeof submitQuizAttemptInput>,
  options: { now?: () => Date } = {},
): Promise<SubmittedAttempt> {
  const parsed = submitQuizAttemptInput.safeParse(input);
  if (!parsed.success) {
    // A malformed quiz id names no quiz: "not available", as an unknown id or another course's quiz.
    if (parsed.error.issues.some((issue) => issue.path[0] === "quizId")) throw quizUnavailable();
    throw new AppError(ErrorCode.InvalidInput, "invalid quiz attempt", {
      userMessage: "Those answers could not be read. Reload the quiz and try again.",
      details: { issues: parsed.error.issues },
    });
  }
  const { actor, courseId, quizId, responses } = parsed.data;
  const { userId, displayName } = await resolveUserWithName(db, actor);
  await requireEnrollment(db, courseId, userId);
  const now = options.now?.() ?? new Date();

  return db.$transaction(
    async (tx) => {
      // Serialises attempts of one person at one quiz across processes; the check below then sees a
      // committed first attempt, so a double submit stores nothing.
      const lockKey = `quiz-attempt:${quizId}:${userId}`;
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${lockKey}, 0))`;
      const existing = await findAttempt(tx, { courseId, quizId, userId });
      if (existing) return { created: false, gradebookScheduled: false, attempt: existing };
      // Inside the transaction, so an archive that commits before this attempt is seen.
      await requireOpenCourseById(tx, courseId);

      const { options: quizOptions, questions } = await attemptQuestions(tx, courseId, quizId);
      const unknown = Object.keys(responses).filter((id) => !questions.some((q) => q.id === id));
      if (unknown.length)
        throw new AppError(ErrorCode.InvalidInput, "response to a question not in the quiz", {
          userMessage: "This quiz changed since you opened it. Reload it and answer again.",
          details: { unknown },
        });
      const graded = questions.map((q) => {
        const grade = gradeOne(q, responses[q.id]);
        const points = grade ? Math.round(grade.credit * questionPoints(quizOptions, q)) : 0;
        return { q, response: responses[q.id], grade, points };
      });
      const session = await tx.quizSession.create({
        data: {
          courseId,
          quizId,
          platform: actor.platform,
          tenant: actor.tenant,
          spaceId: attemptSpaceId(courseId),
          hostUserId: userId,
          options: quizOptions,
          state: "FINISHED",
          questionIndex: questions.length - 1,
          startedAt: now,
          endedAt: now,
          createdAt: now,
        },
      });
      await tx.quizPlayer.create({ data: { sessionId: session.id, userId, displayName, joinedAt: now } });
      const answered = graded.filter((g) => g.grade !== null);
      await tx.answer.createMany({
        data: answered.map(({ q, response, grade, points }) => ({
          sessionId: session.id,
          questionId: q.id,
          userId,
          choices: response?.choices ?? [],
          text: response?.text ?? null,
          number: response?.number ?? null,
          correct: grade!.correct,
          credit: grade!.credit,
          latencyMs: 0,
          points,
          answeredAt: now,
        })),
      });
      const credit = answered.reduce((sum, g) => sum + g.grade!.credit, 0);
      await tx.quizResult.create({
        data: {
          sessionId: session.id,
          courseId,
          userId,
          displayName,
          score: answered.reduce((sum, g) => sum + g.points, 0),
          accuracy: questions.length ? credit / questions.length : 0,
          correctCount: answered.filter((g) => g.grade!.credit >= 1).length,
          partialCount: answered.filter((g) => g.grade!.credit > 0 && g.grade!.credit < 1).length,
          incorrectCount: answered.filter((g) => g.grade!.credit <= 0).length,
          unanswered: questions.length - answered.length,
          avgLatencyMs: null,
          bestStreak: bestStreak(graded.map((g) => g.grade?.correct ?? false)),
          rank: 1,
          createdAt: now,
        },
      });
      const gradebookScheduled = await scheduleGradebookSync(tx, { sessionId: session.id, courseId });
      const attempt = await findAttempt(tx, { courseId, quizId, userId });
      return { created: true, gradebookScheduled, attempt: attempt! };
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
}

/** A response graded, or null when the question was left blank. */
function gradeOne(q: Question, response: z.infer<typeof responseSchema> | undefined): Grade | null {
  if (!response) return null;
  const blank = (response.choices?.length ?? 0) === 0 && !response.text && response.number === undefined;
  if (blank) return null;
  if (response.choices?.some((i) => i >= q.choices.length))
    throw new AppError(ErrorCode.InvalidInput, "choice out of range", {
      userMessage: "This quiz changed since you opened it. Reload it and answer again.",
    });
  return gradeResponse(q, response);
}

function bestStreak(correct: boolean[]): number {
  let best = 0;
  let run = 0;
  for (const c of correct) {
    run = c ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

async function resolveUserWithName(
  db: Prisma,
  actor: z.infer<typeof actorSchema>,
): Promise<{ userId: string; displayName: string }> {
  const { userId } = await resolveUser(db, actor);
  if (actor.displayName) return { userId, displayName: actor.displayName };
  const user = await db.user.findUnique({ where: { id: userId }, select: { displayName: true } });
  return { userId, displayName: user?.displayName ?? "Student" };
}
