import { z } from "zod";
import { requireEnrollment } from "../../courses/enrollments.ts";
import type { Question, QuizSession } from "../../db/generated/client.ts";
import type { Prisma } from "../../db/open-database.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import { actorSchema } from "../../people/actor.ts";
import { resolveUser } from "../../people/resolve-user.ts";
import type { Reply, ReplyBlock } from "../../reply/reply.ts";
import { choiceLabel } from "../choice-label.ts";
import { sessionQuestions, toLiveSession } from "../live/live-session.ts";

export const quizReportInput = z.object({
  actor: actorSchema,
  courseId: z.uuid(),
  /** Prefer the last game played in this chat space. */
  spaceId: z.string().max(255).optional(),
  sessionId: z.uuid().optional(),
});

export interface QuestionStats {
  position: number;
  prompt: string;
  answered: number;
  correct: number;
  partial: number;
  /** Answers per choice, for choice questions. */
  distribution: number[];
  choices: string[];
  correctChoices: number[];
  avgLatencyMs: number | null;
}

/** The finished game a report is about: the given one, the last in the space, or the last in the course. */
export async function findReportSession(
  db: Prisma,
  input: { courseId: string; spaceId?: string | undefined; sessionId?: string | undefined },
): Promise<QuizSession> {
  const where = { courseId: input.courseId, state: "FINISHED" as const };
  const session = input.sessionId
    ? await db.quizSession.findFirst({ where: { ...where, id: input.sessionId } })
    : ((input.spaceId
        ? await db.quizSession.findFirst({
            where: { ...where, spaceId: input.spaceId },
            orderBy: { endedAt: "desc" },
          })
        : null) ?? (await db.quizSession.findFirst({ where, orderBy: { endedAt: "desc" } })));
  if (!session)
    throw new AppError(ErrorCode.NotFound, "no finished quiz", {
      userMessage: "No quiz has been played to the end in this course yet.",
    });
  return session;
}

/** Per-question statistics of one finished game. */
export async function questionStats(
  db: Prisma,
  session: QuizSession,
): Promise<Array<QuestionStats & { question: Question }>> {
  const live = toLiveSession(session);
  const asked = (await sessionQuestions(db, live)).slice(0, session.questionIndex + 1);
  const answers = await db.answer.findMany({
    where: { sessionId: session.id },
    select: { questionId: true, choices: true, credit: true, latencyMs: true },
  });
  return asked.map((question) => {
    const mine = answers.filter((a) => a.questionId === question.id);
    return {
      question,
      position: question.position,
      prompt: question.prompt,
      answered: mine.length,
      correct: mine.filter((a) => a.credit >= 1).length,
      partial: mine.filter((a) => a.credit > 0 && a.credit < 1).length,
      distribution: question.choices.map((_, i) => mine.filter((a) => a.choices.includes(i)).length),
      choices: question.choices,
      correctChoices: question.correctChoices,
      avgLatencyMs: mine.length ? Math.round(mine.reduce((s, a) => s + a.latencyMs, 0) / mine.length) : null,
    };
  });
}

/**
 * The report of the last finished game: everyone sees the summary and their own line; staff also see
 * every question's results and the full ranking; students see the top only when rankings are shown.
 */
export async function quizReport(db: Prisma, input: z.input<typeof quizReportInput>): Promise<Reply> {
  const parsed = quizReportInput.parse(input);
  const { userId } = await resolveUser(db, parsed.actor);
  const { role } = await requireEnrollment(db, parsed.courseId, userId);
  const session = await findReportSession(db, parsed);
  const live = toLiveSession(session);
  const [quiz, results, stats] = await Promise.all([
    db.quiz.findUniqueOrThrow({ where: { id: session.quizId }, select: { title: true } }),
    db.quizResult.findMany({
      where: { sessionId: session.id },
      orderBy: [{ rank: "asc" }, { displayName: "asc" }],
    }),
    questionStats(db, session),
  ]);
  const staff = role === "STAFF";
  const mine = results.find((r) => r.userId === userId);
  const avgAccuracy = results.length ? results.reduce((s, r) => s + r.accuracy, 0) / results.length : 0;
  const blocks: ReplyBlock[] = [
    {
      type: "text",
      text: `📊 **${quiz.title}** · ${session.endedAt?.toISOString().slice(0, 16).replace("T", " ")} UTC`,
    },
    {
      type: "fields",
      fields: [
        { label: "Players", value: String(results.length) },
        { label: "Questions", value: String(stats.length) },
        { label: "Average accuracy", value: `${Math.round(avgAccuracy * 100)}%` },
        ...(mine
          ? [
              {
                label: "You",
                value: `${mine.score} pts${live.options.showRankings || staff ? ` · place ${mine.rank}` : ""} · ${Math.round(mine.accuracy * 100)}%`,
              },
            ]
          : []),
      ],
    },
  ];
  if (staff || live.options.showRankings) {
    const top = staff ? results.slice(0, 25) : results.filter((r) => r.rank <= live.options.podiumSize);
    if (top.length)
      blocks.push({
        type: "text",
        text: `**${staff ? "Ranking" : "Podium"}**\n${top.map((r) => `${r.rank}. ${r.displayName}${r.team ? ` (${r.team})` : ""} — ${r.score}`).join("\n")}`,
      });
  }
  if (staff) {
    for (const s of stats) {
      const rate = s.answered ? s.correct / s.answered : 0;
      blocks.push({
        type: "progress",
        label: `Q${s.position + 1}. ${truncate(s.prompt, 60)} — ${s.correct}/${s.answered} correct`,
        value: rate,
      });
      if (s.choices.length)
        blocks.push({
          type: "text",
          text: s.choices
            .map(
              (c, i) =>
                `${s.correctChoices.includes(i) ? "✅" : "▫️"} ${choiceLabel(s.question.kind, i, truncate(c, 40))}: ${s.distribution[i]}`,
            )
            .join(" · "),
        });
    }
  }
  return { visibility: "private", blocks };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
