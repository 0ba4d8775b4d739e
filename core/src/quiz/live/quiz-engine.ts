import { z } from "zod";
import { type Question, Prisma as Sql } from "../../db/generated/client.ts";
import type { Platform } from "../../db/generated/enums.ts";
import type { Prisma } from "../../db/open-database.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import type { JobHandler } from "../../jobs/job-runner.ts";
import type { Logger } from "../../logger.ts";
import { type Actor, actorSchema } from "../../people/actor.ts";
import { resolveUser } from "../../people/resolve-user.ts";
import { noticeReply, type Reply } from "../../reply/reply.ts";
import type { QuizResponse } from "../grade-response.ts";
import { joinLiveQuiz } from "./join-live-quiz.ts";
import {
  type LiveSession,
  type QuizControl,
  sessionNotFound,
  sessionQuestions,
  toLiveSession,
} from "./live-session.ts";
import { buildBoardView, loadBoardData } from "./quiz-board-view.ts";
import { answerOutcomeReply, personalResultReply } from "./quiz-private-views.ts";
import { quizQueue } from "./quiz-timers.ts";
import { applyTransition, type Transition } from "./quiz-transitions.ts";
import { recordAnswer } from "./record-answer.ts";
import { startLiveQuiz, type startLiveQuizInput } from "./start-live-quiz.ts";

/** Where a game's public message lives; `board` is whatever the front end returned from `show`. */
export interface QuizBoardTarget {
  sessionId: string;
  platform: Platform;
  tenant: string;
  spaceId: string;
  board: unknown;
}

/**
 * How a front end shows games. The engine decides what to show and when; the port only renders.
 */
export interface QuizBoardPort {
  /** Posts the game message (when `target.board` is null) or edits it; returns the board to store. */
  show(target: QuizBoardTarget, view: Reply): Promise<unknown>;
  /** Sends each player their own result privately (an ephemeral message, a DM). */
  sendPrivately(
    target: QuizBoardTarget,
    messages: Array<{ externalId: string; reply: Reply }>,
  ): Promise<void>;
  /** The least time between two edits of one game message (the platform's rate limit). */
  minEditIntervalMs: number;
  /** Re-render an open question this often, for front ends that cannot show a live countdown; 0: never. */
  countdownTickMs: number;
}

export interface QuizEngineDeps {
  db: Prisma;
  logger: Logger;
}

export interface OpenQuestion {
  sessionId: string;
  questionIndex: number;
  kind: Question["kind"];
  prompt: string;
  choices: string[];
  /** How many choices a multiple-select answer may have. */
  maxChoices: number;
}

const responseSchema = z
  .object({
    choices: z.array(z.number().int().min(0).max(9)).max(10).optional(),
    text: z.string().max(500).optional(),
    number: z.number().finite().optional(),
  })
  .refine((r) => r.choices !== undefined || r.text !== undefined || r.number !== undefined, "empty answer");

const SESSION_CACHE_MS = 60_000;
const PLAYER_CACHE_MAX = 100_000;

/**
 * Runs live quizzes: the use cases front ends call (start, join, answer, host controls, results),
 * the durable timers that move games on, and the public game message, refreshed as answers arrive
 * but never more often than the platform allows (coalesced in the process and across processes).
 */
export function createQuizEngine(deps: QuizEngineDeps) {
  const { db, logger } = deps;
  const ports = new Map<Platform, QuizBoardPort>();
  const sessionCache = new Map<string, { session: LiveSession; questions: Question[]; at: number }>();
  const players = new Map<string, string>();
  const joins = new Map<string, Promise<string>>();
  const boards = new Map<
    string,
    { chain: Promise<void>; pending: NodeJS.Timeout | null; tick: NodeJS.Timeout | null }
  >();
  let closed = false;

  function port(platform: Platform): QuizBoardPort | undefined {
    return ports.get(platform);
  }

  async function sessionContext(sessionId: string) {
    const cached = sessionCache.get(sessionId);
    if (cached && Date.now() - cached.at < SESSION_CACHE_MS) return cached;
    const row = await db.quizSession.findUnique({ where: { id: sessionId } });
    if (!row) return null;
    const session = toLiveSession(row);
    const entry = { session, questions: await sessionQuestions(db, session), at: Date.now() };
    sessionCache.set(sessionId, entry);
    return entry;
  }

  async function playerId(
    session: LiveSession,
    actor: Actor,
    extra: { platformStaff?: boolean; teamHint?: string | null },
  ): Promise<string> {
    const key = `${session.id}|${actor.platform}|${actor.tenant}|${actor.externalId}`;
    const known = players.get(key);
    if (known) return known;
    // Discord user ids are global (actor tenant ""); a platform that scopes ids by tenant must match.
    if (actor.platform !== session.platform || (actor.tenant !== "" && actor.tenant !== session.tenant))
      throw new AppError(ErrorCode.Forbidden, "actor is not in the quiz's space", {
        userMessage: "This quiz belongs to another workspace.",
      });
    // A double click of a newcomer joins once.
    let joining = joins.get(key);
    if (!joining) {
      joining = joinLiveQuiz(db, session, { actor, ...extra })
        .then(({ userId }) => {
          if (players.size >= PLAYER_CACHE_MAX) players.clear();
          players.set(key, userId);
          return userId;
        })
        .finally(() => joins.delete(key));
      joins.set(key, joining);
    }
    return joining;
  }

  // --- the public game message -------------------------------------------------------------

  function boardState(sessionId: string) {
    let entry = boards.get(sessionId);
    if (!entry) {
      entry = { chain: Promise.resolve(), pending: null, tick: null };
      boards.set(sessionId, entry);
    }
    return entry;
  }

  function enqueue(sessionId: string, work: () => Promise<void>): Promise<void> {
    const entry = boardState(sessionId);
    const run = entry.chain
      .then(work)
      .catch((error) => logger.error({ err: error, sessionId }, "quiz board update failed"));
    entry.chain = run;
    return run;
  }

  /** Answers changed the counts: refresh soon, at most once per interval across all processes. */
  function noteActivity(sessionId: string, platform: Platform): void {
    const p = port(platform);
    const entry = boardState(sessionId);
    if (!p || entry.pending || closed) return;
    entry.pending = setTimeout(() => {
      entry.pending = null;
      void enqueue(sessionId, async () => {
        const claimed = await db.$queryRaw<Array<{ step: number }>>`
          UPDATE "QuizSession" SET "boardRefreshedAt" = clock_timestamp()
          WHERE id = ${sessionId}::uuid AND state IN ('LOBBY', 'QUESTION')
            AND ("boardRefreshedAt" IS NULL
                 OR "boardRefreshedAt" <= clock_timestamp() - make_interval(secs => ${p.minEditIntervalMs / 1000}))
          RETURNING step`;
        if (claimed.length === 0) {
          // Another process refreshed a moment ago; come back once, in case it missed our answers.
          const open = await db.quizSession.count({
            where: { id: sessionId, state: { in: ["LOBBY", "QUESTION"] } },
          });
          if (open) noteActivity(sessionId, platform);
          return;
        }
        await renderNow(sessionId, p);
      });
    }, p.minEditIntervalMs);
    entry.pending.unref?.();
  }

  /** After a transition: show the new state as soon as the edit budget allows. */
  function forceRender(session: LiveSession): Promise<void> {
    const p = port(session.platform);
    if (!p) return Promise.resolve();
    return enqueue(session.id, async () => {
      const [row] = await db.$queryRaw<Array<{ wait: number }>>`
        SELECT GREATEST(0, EXTRACT(EPOCH FROM ("boardRefreshedAt" + make_interval(secs => ${p.minEditIntervalMs / 1000}) - clock_timestamp())) * 1000)::float8 AS wait
        FROM "QuizSession" WHERE id = ${session.id}::uuid`;
      if (row?.wait)
        await new Promise((resolve) => setTimeout(resolve, Math.min(row.wait, p.minEditIntervalMs)));
      await db.$executeRaw`UPDATE "QuizSession" SET "boardRefreshedAt" = clock_timestamp() WHERE id = ${session.id}::uuid`;
      await renderNow(session.id, p);
    });
  }

  async function renderNow(sessionId: string, p: QuizBoardPort): Promise<void> {
    const data = await loadBoardData(db, sessionId);
    if (!data) return;
    const { session } = data;
    const target = {
      sessionId,
      platform: session.platform,
      tenant: session.tenant,
      spaceId: session.spaceId,
      board: session.board,
    };
    const board = await p.show(target, buildBoardView(data));
    // Stamp the edit again once the platform has it: the next one (from any process) waits a whole
    // interval from here, so a slow call cannot bunch two edits into one interval at the platform.
    const changed = board !== undefined && JSON.stringify(board) !== JSON.stringify(session.board ?? null);
    await db.$executeRaw`
      UPDATE "QuizSession" SET "boardRefreshedAt" = clock_timestamp()${changed ? Sql.sql`, board = ${JSON.stringify(board)}::jsonb` : Sql.empty}
      WHERE id = ${sessionId}::uuid`;
    // An edit that raced a transition in another process may have shown the old state: show it again.
    const now = await db.quizSession.findUnique({ where: { id: sessionId }, select: { step: true } });
    if (now && now.step !== session.step) {
      const fresh = await db.quizSession.findUnique({ where: { id: sessionId } });
      if (fresh) void forceRender(toLiveSession(fresh));
    }
  }

  function startCountdownTicks(session: LiveSession): void {
    const p = port(session.platform);
    const entry = boardState(session.id);
    if (entry.tick) clearInterval(entry.tick);
    entry.tick = null;
    if (!p?.countdownTickMs || session.state !== "QUESTION" || !session.questionEndsAt) return;
    const endsAt = session.questionEndsAt.getTime();
    entry.tick = setInterval(() => {
      if (Date.now() >= endsAt - p.countdownTickMs / 2 || closed) {
        if (entry.tick) clearInterval(entry.tick);
        entry.tick = null;
        return;
      }
      noteActivity(session.id, session.platform);
    }, p.countdownTickMs);
    entry.tick.unref?.();
  }

  async function afterTransition(session: LiveSession): Promise<void> {
    sessionCache.delete(session.id);
    startCountdownTicks(session);
    await forceRender(session);
    if (session.state === "FINISHED") await deliverResults(session);
    if (session.state === "FINISHED" || session.state === "CANCELLED") {
      const entry = boards.get(session.id);
      if (entry?.pending) clearTimeout(entry.pending);
      if (entry?.tick) clearInterval(entry.tick);
      boards.delete(session.id);
    }
  }

  async function deliverResults(session: LiveSession): Promise<void> {
    const p = port(session.platform);
    if (!p) return;
    try {
      const results = await db.quizResult.findMany({ where: { sessionId: session.id } });
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
      const messages = [];
      for (const result of results) {
        const externalId = external.get(result.userId);
        if (externalId) messages.push({ externalId, reply: await personalReply(session, result.userId) });
      }
      const target = {
        sessionId: session.id,
        platform: session.platform,
        tenant: session.tenant,
        spaceId: session.spaceId,
        board: session.board,
      };
      await p.sendPrivately(target, messages);
    } catch (error) {
      logger.error({ err: error, sessionId: session.id }, "could not send quiz results privately");
    }
  }

  async function personalReply(
    session: Pick<LiveSession, "id" | "quizId" | "options" | "questionIndex">,
    userId: string,
  ): Promise<Reply> {
    const [result, quiz, answers, count] = await Promise.all([
      db.quizResult.findUnique({ where: { sessionId_userId: { sessionId: session.id, userId } } }),
      db.quiz.findUnique({ where: { id: session.quizId }, select: { title: true } }),
      db.answer.findMany({ where: { sessionId: session.id, userId } }),
      db.quizResult.count({ where: { sessionId: session.id } }),
    ]);
    if (!result) return noticeReply("info", "You did not play in this quiz.");
    const asked = (await sessionQuestions(db, session)).slice(0, session.questionIndex + 1);
    const byQuestion = new Map(answers.map((a) => [a.questionId, a]));
    return personalResultReply({
      title: quiz?.title ?? "Quiz",
      result,
      players: count,
      showRank: session.options.showRankings,
      answers: asked.map((question) => {
        const a = byQuestion.get(question.id);
        const response: QuizResponse | null = a
          ? {
              ...(a.choices.length ? { choices: a.choices } : {}),
              ...(a.text !== null ? { text: a.text } : {}),
              ...(a.number !== null ? { number: a.number } : {}),
            }
          : null;
        return { question, response, credit: a?.credit ?? 0, points: a?.points ?? 0 };
      }),
    });
  }

  async function transition(sessionId: string, name: Transition, expectStep?: number) {
    const result = await applyTransition(db, sessionId, name, expectStep);
    if (result.changed) await afterTransition(result.session);
    return result;
  }

  async function requireHost(session: LiveSession, actor: Actor, platformStaff: boolean): Promise<void> {
    const { userId } = await resolveUser(db, actor);
    if (userId === session.hostUserId || platformStaff) return;
    const enrollment = await db.enrollment.findUnique({
      where: { courseId_userId: { courseId: session.courseId, userId } },
    });
    if (enrollment?.role === "STAFF" && !enrollment.removedAt) return;
    throw new AppError(ErrorCode.Forbidden, "not the host", {
      userMessage: "Only the host or course staff can run this quiz.",
    });
  }

  const CONTROL_TRANSITIONS: Record<QuizControl, Transition> = {
    start: "begin",
    pause: "pause",
    resume: "resume",
    skip: "skip",
    stop: "stop",
  };
  const CONTROL_DONE: Record<QuizControl, string> = {
    start: "The quiz has started.",
    pause: "Paused.",
    resume: "Resumed.",
    skip: "Skipped ahead.",
    stop: "The quiz has ended.",
  };

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
              action: z.enum(["close", "next", "expire"]),
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
      const p = port(session.platform);
      let failure: { error: unknown } | null = null;
      if (p) {
        await enqueue(session.id, async () => {
          await db.$executeRaw`UPDATE "QuizSession" SET "boardRefreshedAt" = clock_timestamp() WHERE id = ${session.id}::uuid`;
          await renderNow(session.id, p).catch((error: unknown) => {
            failure = { error };
          });
        });
      }
      if (failure) {
        const { error } = failure as { error: unknown };
        await applyTransition(db, session.id, "stop");
        boards.delete(session.id);
        sessionCache.delete(session.id);
        logger.warn({ err: error, sessionId: session.id }, "quiz lobby could not be posted; cancelled");
        throw error;
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
      const ctx = await sessionContext(input.sessionId);
      if (!ctx) throw sessionNotFound(input.sessionId);
      const actor = actorSchema.parse(input.actor);
      const before = players.has(`${ctx.session.id}|${actor.platform}|${actor.tenant}|${actor.externalId}`);
      await playerId(ctx.session, actor, input);
      if (!before) noteActivity(ctx.session.id, ctx.session.platform);
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
      const ctx = await sessionContext(input.sessionId);
      if (!ctx) throw sessionNotFound(input.sessionId);
      const question = ctx.questions[input.questionIndex] ?? null;
      if (!question) return answerOutcomeReply({ status: "closed" }, null);
      const parsed = responseSchema.safeParse(input.response);
      const response = parsed.success ? parsed.data : null;
      if (!response || !fitsQuestion(question, response))
        throw new AppError(ErrorCode.InvalidInput, "answer does not fit the question", {
          userMessage:
            question.kind === "NUMERIC"
              ? "Please answer with a number, like 42 or 3.5."
              : "That answer does not fit this question.",
          details: { kind: question.kind },
        });
      const userId = await playerId(ctx.session, actorSchema.parse(input.actor), input);
      const outcome = await recordAnswer(db, {
        sessionId: ctx.session.id,
        questionIndex: input.questionIndex,
        question,
        userId,
        response,
        allowChange: ctx.session.options.allowAnswerChange,
      });
      if (outcome.status === "locked" || outcome.status === "changed")
        noteActivity(ctx.session.id, ctx.session.platform);
      return answerOutcomeReply(outcome, question);
    },

    /** The open question, for front ends that answer through a form (multiple select, text, number). */
    async describeOpenQuestion(sessionId: string, questionIndex: number): Promise<OpenQuestion | null> {
      const row = await db.quizSession.findUnique({ where: { id: sessionId } });
      if (row?.state !== "QUESTION" || row.questionIndex !== questionIndex) return null;
      const question = (await sessionQuestions(db, toLiveSession(row)))[questionIndex];
      if (!question) return null;
      return {
        sessionId,
        questionIndex,
        kind: question.kind,
        prompt: question.prompt,
        choices: question.choices,
        maxChoices: question.kind === "MULTIPLE_SELECT" ? question.choices.length : 1,
      };
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
      await requireHost(toLiveSession(row), actorSchema.parse(input.actor), input.platformStaff ?? false);
      const result = await transition(input.sessionId, CONTROL_TRANSITIONS[input.command]);
      logger.info(
        { sessionId: input.sessionId, command: input.command, changed: result.changed },
        "quiz control",
      );
      return noticeReply(
        "info",
        result.changed ? CONTROL_DONE[input.command] : "Nothing to do: the quiz is not in a state for that.",
      );
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
      return personalReply(toLiveSession(row), userId);
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
      closed = true;
      for (const entry of boards.values()) {
        if (entry.pending) clearTimeout(entry.pending);
        if (entry.tick) clearInterval(entry.tick);
      }
      await Promise.all([...boards.values()].map((b) => b.chain));
    },
  };
}

export type QuizEngine = ReturnType<typeof createQuizEngine>;

function fitsQuestion(question: Question, response: QuizResponse): boolean {
  switch (question.kind) {
    case "SINGLE_CHOICE":
    case "TRUE_FALSE":
      return response.choices?.length === 1 && (response.choices[0] as number) < question.choices.length;
    case "MULTIPLE_SELECT":
      return !!response.choices?.length && response.choices.every((c) => c < question.choices.length);
    case "SHORT_TEXT":
      return !!response.text?.trim();
    case "NUMERIC":
      return response.number !== undefined;
  }
}
