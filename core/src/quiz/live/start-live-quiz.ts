import { z } from "zod";
import { hostRefusal, permits } from "../../courses/course-settings-access.ts";
import { requireOpenCourse } from "../../courses/require-open-course.ts";
import type { Quiz } from "../../db/generated/client.ts";
import type { Prisma } from "../../db/open-database.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import { actorSchema } from "../../people/actor.ts";
import { enterSpace } from "../../spaces/enter-space.ts";
import { spaceRefSchema } from "../../spaces/space-ref.ts";
import { quizOptionsLayerSchema, resolveQuizOptions } from "../quiz-options.ts";
import { type LiveSession, toLiveSession } from "./live-session.ts";
import { setLobbyTimeout } from "./quiz-transitions.ts";

export const startLiveQuizInput = z.object({
  actor: actorSchema,
  space: spaceRefSchema,
  platformStaff: z.boolean().default(false),
  /** A quiz id, or words of an approved quiz's title or topic; empty: the newest approved quiz. */
  quiz: z.string().trim().max(200).optional(),
  questions: z.number().int().min(1).max(100).optional(),
  seconds: z.number().int().min(5).max(300).optional(),
  options: quizOptionsLayerSchema.optional(),
});

/**
 * Opens a lobby for a live quiz in a chat space. Only approved quizzes of the space's course can be
 * played; only staff may host unless the course's host setting allows anyone enrolled. One open game
 * per space: a second start is refused while the first is not finished.
 */
export async function startLiveQuiz(
  db: Prisma,
  input: z.input<typeof startLiveQuizInput>,
): Promise<LiveSession> {
  const parsed = startLiveQuizInput.parse(input);
  const member = await enterSpace(db, {
    actor: parsed.actor,
    space: parsed.space,
    platformStaff: parsed.platformStaff,
  });
  requireOpenCourse(member.course);
  const quiz = await pickQuiz(db, member.course.id, parsed.quiz);
  const options = resolveQuizOptions(member.course.quizDefaults, quiz.options, parsed.options, {
    questionCount: parsed.questions,
    secondsPerQuestion: parsed.seconds,
  });
  if (!permits(member.course.hostPolicy, member.role)) throw hostRefusal();
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.quizSession.create({
        data: {
          courseId: member.course.id,
          quizId: quiz.id,
          platform: parsed.space.platform,
          tenant: parsed.space.tenant,
          spaceId: parsed.space.channelId,
          hostUserId: member.userId,
          options,
        },
      });
      const session = toLiveSession(row);
      await setLobbyTimeout(tx, session);
      return session;
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002")
      throw new AppError(ErrorCode.Conflict, "a quiz is already open in this space", {
        userMessage: "A quiz is already running in this channel. Stop it before starting another.",
      });
    throw error;
  }
}

async function pickQuiz(db: Prisma, courseId: string, wanted: string | undefined): Promise<Quiz> {
  const approved = { courseId, status: "APPROVED" as const, questions: { some: {} } };
  if (!wanted) {
    const newest = await db.quiz.findFirst({ where: approved, orderBy: { approvedAt: "desc" } });
    if (newest) return newest;
    throw new AppError(ErrorCode.NotFound, "no approved quiz", {
      userMessage:
        "This course has no approved quiz yet. Generate one with “quiz generate”, then approve it from “quiz drafts”.",
    });
  }
  if (z.uuid().safeParse(wanted).success) {
    const quiz = await db.quiz.findFirst({ where: { id: wanted, courseId } });
    if (quiz?.status === "APPROVED") return quiz;
    if (quiz)
      throw new AppError(ErrorCode.Conflict, "quiz not approved", {
        userMessage: `“${quiz.title}” is still a draft. Approve it first.`,
      });
  }
  const match = await db.quiz.findFirst({
    where: {
      ...approved,
      OR: [
        { title: { contains: wanted, mode: "insensitive" } },
        { topic: { contains: wanted, mode: "insensitive" } },
      ],
    },
    orderBy: { approvedAt: "desc" },
  });
  if (match) return match;
  throw new AppError(ErrorCode.NotFound, "no approved quiz matches", {
    userMessage: `No approved quiz matches “${wanted}”. Generate one with “quiz generate”, then approve it from “quiz drafts”.`,
  });
}
