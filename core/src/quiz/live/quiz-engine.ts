import { z } from "zod";
import type { Platform } from "../../db/generated/enums.ts";
import type { Prisma } from "../../db/open-database.ts";
import type { JobHandler } from "../../jobs/job-runner.ts";
import type { Logger } from "../../logger.ts";
import { type Actor, actorSchema } from "../../people/actor.ts";
import { resolveUser } from "../../people/resolve-user.ts";
import { cardsFromFinishedLiveQuiz } from "../../practice/live-missed-cards.ts";
import { noticeReply, type Reply } from "../../reply/reply.ts";
import type { QuizResponse } from "../grade-response.ts";
import { checkAnswerShape } from "./check-answer-shape.ts";
import { describeOpenQuestion, type OpenQuestion } from "./describe-open-question.ts";
import { type LiveSession, type QuizControl, sessionNotFound, toLiveSession } from "./live-session.ts";
import type { QuizBoardPort } from "./quiz-board-port.ts";
import { createBoardRefresher } from "./quiz-board-refresher.ts";
import { CONTROL_DONE, CONTROL_NOTHING_TO_DO, CONTROL_TRANSITIONS } from "./quiz-controls.ts";
import { createPlayerRegistry } from "./quiz-player-registry.ts";
import { answerOutcomeReply } from "./quiz-private-views.ts";
import { deliverResults, personalResultReplies } from "./quiz-result-delivery.ts";
import { createQuizSessionCache } from "./quiz-session-cache.ts";
import { quizQueue } from "./quiz-timers.ts";
import { applyTransition, type Transition } from "./quiz-transitions.ts";
import { recordAnswer } from "./record-answer.ts";
import { requireQuizHost } from "./require-quiz-host.ts";
import { startLiveQuiz, type startLiveQuizInput } from "./start-live-quiz.ts";

export type { OpenQuestion } from "./describe-open-question.ts";
export type { QuizBoardPort, QuizBoardTarget } from "./quiz-board-port.ts";

export interface QuizEngineDeps {
  db: Prisma;
  logger: Logger;
}

/**
 * Runs live quizzes: the use cases front ends call (start, join, answer, host controls, results),
 * the durable timers that move games on, and the public game message, refreshed as answers arrive
 * but never more often than the platform allows (coalesced in the process and across processes).
 */
export function createQuizEngine(deps: QuizEngineDeps) {
  const { db, logger } = deps;
  const ports = new Map<Platform, QuizBoardPort>();
  const sessionCache = createQuizSessionCache(db);
  const players = createPlayerRegistry(db);

  function port(platform: Platform): QuizBoardPort | undefined {
    return ports.get(platform);
  }
  const refresher = createBoardRefresher({ db, logger, port });

  async function afterTransition(session: LiveSession): Promise<void> {
    sessionCache.forget(session.id);
    refresher.startCountdownTicks(session);
    await refresher.forceRender(session);
    const p = port(session.platform);
    if (session.state === "FINISHED" && p) await deliverResults(deps, session, p);
    // Right after the finish commits, never inside it: making cards must not hold up or fail the game.
    if (session.state === "FINISHED") await cardsFromFinishedLiveQuiz(db, { sessionId: session.id }, logger);
    if (session.state === "FINISHED" || session.state === "CANCELLED") refresher.forget(session.id);
  }

  async function transition(sessionId: string, name: Transition, expectStep?: number) {
    const result = await applyTransition(db, sessionId, name, expectStep);
    if (result.changed) await afterTransition(result.session);
    return result;
  }

  return {
    /** Lets a front end show games of its platform; its timers run in this process from now on. */
    registerBoard(platform: Platform, board: QuizBoardPort): void {
      ports.set(platform, board);
    },

    /** Job handlers for the platforms registered so far (one queue per platform). */
    jobHandlers(): Record<string, JobHandler> {
      const handlers: Record<string, JobHandler> = {};
      for (const platform of ports.keys()) {
        handlers[quizQueue(platform)] = async (job) => {
          const payload = z
            .object({
              sessionId: z.uuid(),
              step: z.number().int(),
              action: z.enum(["open", "close", "next", "expire"]),
            })
            .parse(job.payload);
          await transition(payload.sessionId, payload.action, payload.step);
        };
      }
      return handlers;
    },

    /**
     * Opens a lobby and posts it in the channel. If the first post fails (the bot may not post there),
     * the lobby is cancelled, so it does not hold the channel, and the port's error is rethrown for the
     * front end to explain in its platform's terms.
     */
    async start(input: z.input<typeof startLiveQuizInput>): Promise<{ sessionId: string; reply: Reply }> {
      const session = await startLiveQuiz(db, input);
      logger.info(
        { sessionId: session.id, quizId: session.quizId, platform: session.platform, space: session.spaceId },
        "live quiz lobby opened",
      );
      const failure = await refresher.post(session);
      if (failure) {
        await applyTransition(db, session.id, "stop");
        refresher.forget(session.id);
        sessionCache.forget(session.id);
        logger.warn(
          { err: failure.error, sessionId: session.id },
          "quiz lobby could not be posted; cancelled",
        );
        throw failure.error;
      }
      return {
        sessionId: session.id,
        reply: noticeReply("info", "The quiz lobby is open. Press Start on it when everyone has joined."),
      };
    },

    async join(input: {
      sessionId: string;
      actor: Actor;
      platformStaff?: boolean;
      teamHint?: string | null;
    }): Promise<Reply> {
      const ctx = await sessionCache.get(input.sessionId);
      if (!ctx) throw sessionNotFound(input.sessionId);
      const actor = actorSchema.parse(input.actor);
      const before = players.has(ctx.session.id, actor);
      await players.playerId(ctx.session, actor, input);
      if (!before) refresher.noteActivity(ctx.session.id, ctx.session.platform);
      const player = await db.quizPlayer.findFirst({
        where: {
          sessionId: ctx.session.id,
          user: {
            identities: {
              some: { platform: actor.platform, tenant: actor.tenant, externalId: actor.externalId },
            },
          },
        },
        select: { team: true },
      });
      return noticeReply(
        "info",
        `You're in!${player?.team ? ` You play for ${player.team}.` : ""} Answer each question with the buttons on the quiz.`,
      );
    },

    /** Records a click or a form answer and returns the private confirmation. */
    async answer(input: {
      sessionId: string;
      questionIndex: number;
      actor: Actor;
      response: QuizResponse;
      platformStaff?: boolean;
      teamHint?: string | null;
    }): Promise<Reply> {
      const ctx = await sessionCache.get(input.sessionId);
      if (!ctx) throw sessionNotFound(input.sessionId);
      const question = ctx.questions[input.questionIndex] ?? null;
      if (!question) return answerOutcomeReply({ status: "closed" }, null);
      const response = checkAnswerShape(question, input.response);
      const userId = await players.playerId(ctx.session, actorSchema.parse(input.actor), input);
      const outcome = await recordAnswer(db, {
        sessionId: ctx.session.id,
        questionIndex: input.questionIndex,
        question,
        userId,
        response,
        allowChange: ctx.session.options.allowAnswerChange,
      });
      if (outcome.status === "locked" || outcome.status === "changed")
        refresher.noteActivity(ctx.session.id, ctx.session.platform);
      return answerOutcomeReply(outcome, question);
    },

    /** The open question, for front ends that answer through a form (multiple select, text, number). */
    describeOpenQuestion(sessionId: string, questionIndex: number): Promise<OpenQuestion | null> {
      return describeOpenQuestion(db, sessionId, questionIndex);
    },

    /** Host commands: start, pause, resume, skip, stop. */
    async control(input: {
      sessionId: string;
      actor: Actor;
      command: QuizControl;
      platformStaff?: boolean;
    }): Promise<Reply> {
      const row = await db.quizSession.findUnique({ where: { id: input.sessionId } });
      if (!row) throw sessionNotFound(input.sessionId);
      await requireQuizHost(
        db,
        toLiveSession(row),
        actorSchema.parse(input.actor),
        input.platformStaff ?? false,
      );
      const result = await transition(input.sessionId, CONTROL_TRANSITIONS[input.command]);
      logger.info(
        { sessionId: input.sessionId, command: input.command, changed: result.changed },
        "quiz control",
      );
      return noticeReply("info", result.changed ? CONTROL_DONE[input.command] : CONTROL_NOTHING_TO_DO);
    },

    /** Stops the open game in a space (the `quiz stop` command). */
    async stopInSpace(input: {
      space: { platform: Platform; tenant: string; channelId: string };
      actor: Actor;
      platformStaff?: boolean;
    }): Promise<Reply> {
      const row = await db.quizSession.findFirst({
        where: {
          platform: input.space.platform,
          tenant: input.space.tenant,
          spaceId: input.space.channelId,
          state: { in: ["LOBBY", "QUESTION", "REVEAL", "PAUSED"] },
        },
      });
      if (!row) return noticeReply("info", "No quiz is running in this channel.");
      return this.control({
        sessionId: row.id,
        actor: input.actor,
        command: "stop",
        ...(input.platformStaff !== undefined ? { platformStaff: input.platformStaff } : {}),
      });
    },

    /** The clicker's own result. */
    async myResult(input: { sessionId: string; actor: Actor }): Promise<Reply> {
      const row = await db.quizSession.findUnique({ where: { id: input.sessionId } });
      if (!row) throw sessionNotFound(input.sessionId);
      if (row.state !== "FINISHED")
        return noticeReply("info", "The quiz is still running; your result comes at the end.");
      const { userId } = await resolveUser(db, actorSchema.parse(input.actor));
      return (await personalResultReplies(db, toLiveSession(row), [userId])).get(userId)!;
    },

    /** Re-shows a game (e.g. after a restart, for games whose message may be stale). */
    async refresh(sessionId: string): Promise<void> {
      const row = await db.quizSession.findUnique({ where: { id: sessionId } });
      if (row) await afterTransition(toLiveSession(row));
    },

    /**
     * After a restart: re-shows every open game of the registered platforms and restarts their
     * countdown ticks. Timers need nothing (they are durable jobs); this makes the game message current
     * again (it may show a state that changed while no process could edit it). Returns how many.
     */
    async resume(): Promise<number> {
      const rows = await db.quizSession.findMany({
        where: {
          platform: { in: [...ports.keys()] },
          state: { in: ["LOBBY", "QUESTION", "REVEAL", "PAUSED"] },
        },
      });
      await Promise.all(rows.map((row) => afterTransition(toLiveSession(row))));
      if (rows.length) logger.info({ games: rows.length }, "live quizzes resumed");
      return rows.length;
    },

    /** Stops local timers and waits for board updates in flight. */
    async close(): Promise<void> {
      await refresher.close();
    },
  };
}

export type QuizEngine = ReturnType<typeof createQuizEngine>;
