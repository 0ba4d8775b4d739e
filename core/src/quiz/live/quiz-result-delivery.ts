import type { Answer } from "../../db/generated/client.ts";
import type { Prisma } from "../../db/open-database.ts";
import type { Logger } from "../../logger.ts";
import { noticeReply, type Reply } from "../../reply/reply.ts";
import type { QuizResponse } from "../grade-response.ts";
import { type LiveSession, sessionQuestions } from "./live-session.ts";
import type { QuizBoardPort } from "./quiz-board-port.ts";
import { personalResultReply } from "./quiz-private-views.ts";

type SessionRef = Pick<LiveSession, "id" | "quizId" | "options" | "questionIndex">;

/**
 * Each player's own result (score, place, every answer), for the given people. The quiz, the questions
 * and the player count are read once for all of them, and the answers in one query: a game of a
 * thousand players ends with a handful of queries, not thousands.
 */
export async function personalResultReplies(
  db: Prisma,
  session: SessionRef,
  userIds: string[],
): Promise<Map<string, Reply>> {
  const [results, quiz, answers, players, questions] = await Promise.all([
    db.quizResult.findMany({ where: { sessionId: session.id, userId: { in: userIds } } }),
    db.quiz.findUnique({ where: { id: session.quizId }, select: { title: true } }),
    db.answer.findMany({ where: { sessionId: session.id, userId: { in: userIds } } }),
    db.quizResult.count({ where: { sessionId: session.id } }),
    sessionQuestions(db, session),
  ]);
  const asked = questions.slice(0, session.questionIndex + 1);
  const answersOf = new Map<string, Map<string, Answer>>();
  for (const a of answers) {
    const mine = answersOf.get(a.userId) ?? new Map<string, Answer>();
    mine.set(a.questionId, a);
    answersOf.set(a.userId, mine);
  }
  const replies = new Map<string, Reply>();
  for (const userId of userIds) replies.set(userId, noticeReply("info", "You did not play in this quiz."));
  for (const result of results) {
    const byQuestion = answersOf.get(result.userId) ?? new Map<string, Answer>();
    replies.set(
      result.userId,
      personalResultReply({
        title: quiz?.title ?? "Quiz",
        result,
        players,
        showRank: session.options.showRankings,
        answers: asked.map((question) => {
          const a = byQuestion.get(question.id);
          return {
            question,
            response: a ? responseOf(a) : null,
            credit: a?.credit ?? 0,
            points: a?.points ?? 0,
          };
        }),
      }),
    );
  }
  return replies;
}

/** At the end of a game: every player's result, privately, through the platform's port. */
export async function deliverResults(
  deps: { db: Prisma; logger: Logger },
  session: LiveSession,
  port: QuizBoardPort,
): Promise<void> {
  const { db } = deps;
  try {
    const results = await db.quizResult.findMany({
      where: { sessionId: session.id },
      select: { userId: true },
    });
    const identities = await db.identity.findMany({
      where: {
        userId: { in: results.map((r) => r.userId) },
        platform: session.platform,
        // Discord identities have no tenant (global user ids); Slack's carry the team's.
        tenant: { in: [...new Set([session.tenant, ""])] },
      },
      select: { userId: true, externalId: true },
    });
    const external = new Map(identities.map((i) => [i.userId, i.externalId]));
    const reachable = results.map((r) => r.userId).filter((userId) => external.has(userId));
    const replies = await personalResultReplies(db, session, reachable);
    const messages = reachable.map((userId) => ({
      externalId: external.get(userId)!,
      reply: replies.get(userId)!,
    }));
    const target = {
      sessionId: session.id,
      platform: session.platform,
      tenant: session.tenant,
      spaceId: session.spaceId,
      board: session.board,
    };
    await port.sendPrivately(target, messages);
  } catch (error) {
    deps.logger.error({ err: error, sessionId: session.id }, "could not send quiz results privately");
  }
}

function responseOf(a: Answer): QuizResponse {
  return {
    ...(a.choices.length ? { choices: a.choices } : {}),
    ...(a.text !== null ? { text: a.text } : {}),
    ...(a.number !== null ? { number: a.number } : {}),
  };
}
