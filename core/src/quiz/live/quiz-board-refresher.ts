import { Prisma as Sql } from "../../db/generated/client.ts";
import type { Platform } from "../../db/generated/enums.ts";
import type { Prisma } from "../../db/open-database.ts";
import type { Logger } from "../../logger.ts";
import { type LiveSession, toLiveSession } from "./live-session.ts";
import type { QuizBoardPort } from "./quiz-board-port.ts";
import { buildBoardView, loadBoardData } from "./quiz-board-view.ts";
import { applyTransition } from "./quiz-transitions.ts";

/** A claim to post a game message that was not completed in this time is presumed dead. */
const POSTING_CLAIM_SECONDS = 30;

interface BoardState {
  /** Updates of one game run one after another, in order. */
  chain: Promise<void>;
  /** A coalesced refresh waiting for the edit interval. */
  pending: NodeJS.Timeout | null;
  /** Countdown re-renders for platforms that cannot count down by themselves. */
  tick: NodeJS.Timeout | null;
}

/**
 * Keeps each game's public message current without exceeding the platform's edit rate: refreshes
 * after answers are coalesced (at most one per interval, claimed in the database so several processes
 * together stay within it), transitions are shown as soon as the interval allows, and the message is
 * posted exactly once (the posting is claimed in the database too). A question's clock starts when the
 * edit that shows it has been accepted by the platform, or when showing it failed.
 */
export function createBoardRefresher(deps: {
  db: Prisma;
  logger: Logger;
  port: (platform: Platform) => QuizBoardPort | undefined;
}) {
  const { db, logger, port } = deps;
  const boards = new Map<string, BoardState>();
  let closed = false;

  function boardState(sessionId: string): BoardState {
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

  /** Waits what is left of the edit interval, claims the refresh and shows the current state. */
  async function renderAfterInterval(sessionId: string, p: QuizBoardPort): Promise<void> {
    // Asked again after each wait: a timer measures from the event loop's cached time, which a busy
    // loop leaves stale, so it can end early by that much; the database's clock decides.
    for (;;) {
      const [row] = await db.$queryRaw<Array<{ wait: number }>>`
        SELECT GREATEST(0, EXTRACT(EPOCH FROM ("boardRefreshedAt" + make_interval(secs => ${p.minEditIntervalMs / 1000}) - clock_timestamp())) * 1000)::float8 AS wait
        FROM "QuizSession" WHERE id = ${sessionId}::uuid`;
      if (!row?.wait) break;
      await new Promise((resolve) => setTimeout(resolve, Math.min(Math.ceil(row.wait), p.minEditIntervalMs)));
    }
    await db.$executeRaw`UPDATE "QuizSession" SET "boardRefreshedAt" = clock_timestamp() WHERE id = ${sessionId}::uuid`;
    await renderNow(sessionId, p);
  }

  /** After a transition: show the new state as soon as the edit budget allows. */
  function forceRender(session: LiveSession): Promise<void> {
    const p = port(session.platform);
    // No board in this process to show the question: it must not wait for one.
    if (!p) return openQuestion(session, "no board here");
    return enqueue(session.id, async () => {
      try {
        await renderAfterInterval(session.id, p);
      } catch (error) {
        // The platform refused the edit: start the clock anyway, so the game does not hang.
        await openQuestion(session, "board edit failed");
        throw error;
      }
    });
  }

  /**
   * Starts the clock of an unopened question at the session's step (see quiz-transitions.ts): the
   * first process to report it wins; a later report, or one for a step that has passed, changes nothing.
   */
  async function openQuestion(session: LiveSession, why: "shown" | "no board here" | "board edit failed") {
    if (session.state !== "QUESTION" || session.questionStartedAt) return;
    try {
      const result = await applyTransition(db, session.id, "open", session.step);
      if (!result.changed) return;
      const log = { sessionId: session.id, step: session.step, why };
      if (why === "shown") logger.debug(log, "quiz question opened");
      else logger.warn(log, "quiz question opened without being shown");
      startCountdownTicks(result.session);
    } catch (error) {
      // The durable `open` timer set with the question starts the clock later.
      logger.error({ err: error, sessionId: session.id }, "quiz question could not be opened");
    }
  }

  async function renderNow(sessionId: string, p: QuizBoardPort): Promise<void> {
    const data = await loadBoardData(db, sessionId);
    if (!data) return;
    const { session } = data;
    const posted = session.board !== null && !isPostingClaim(session.board);
    if (!posted && !(await claimPosting(sessionId))) {
      // Another process is posting the message right now: edit it once it is there.
      noteActivity(sessionId, session.platform);
      return;
    }
    const target = {
      sessionId,
      platform: session.platform,
      tenant: session.tenant,
      spaceId: session.spaceId,
      board: posted ? session.board : null,
    };
    let board: unknown;
    try {
      board = await p.show(target, buildBoardView(data));
    } catch (error) {
      if (!posted) await releasePosting(sessionId);
      throw error;
    }
    // The platform has accepted the edit, so players can see the question: its time starts now.
    await openQuestion(session, "shown");
    // Stamp the edit again once the platform has it: the next one (from any process) waits a whole
    // interval from here, so a slow call cannot bunch two edits into one interval at the platform.
    const changed = board !== undefined && JSON.stringify(board) !== JSON.stringify(target.board);
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

  /** One process posts a game's message: the one that marks the session as being posted. */
  async function claimPosting(sessionId: string): Promise<boolean> {
    const rows = await db.$queryRaw<unknown[]>`
      UPDATE "QuizSession" SET board = jsonb_build_object('posting', clock_timestamp())
      WHERE id = ${sessionId}::uuid
        AND (board IS NULL
             OR (board->>'posting' IS NOT NULL
                 AND (board->>'posting')::timestamptz < clock_timestamp() - make_interval(secs => ${POSTING_CLAIM_SECONDS})))
      RETURNING id`;
    return rows.length === 1;
  }

  async function releasePosting(sessionId: string): Promise<void> {
    await db.$executeRaw`
      UPDATE "QuizSession" SET board = NULL WHERE id = ${sessionId}::uuid AND board->>'posting' IS NOT NULL`;
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

  return {
    noteActivity,
    forceRender,
    startCountdownTicks,

    /**
     * Posts a new game's message and reports a failure (update failures are otherwise only logged):
     * the caller cancels a lobby nobody can see.
     */
    async post(session: LiveSession): Promise<{ error: unknown } | null> {
      const p = port(session.platform);
      if (!p) return null;
      let failure: { error: unknown } | null = null;
      await enqueue(session.id, () =>
        renderAfterInterval(session.id, p).catch((error: unknown) => {
          failure = { error };
        }),
      );
      return failure;
    },

    /** Stops a finished game's timers and forgets it. */
    forget(sessionId: string): void {
      const entry = boards.get(sessionId);
      if (entry?.pending) clearTimeout(entry.pending);
      if (entry?.tick) clearInterval(entry.tick);
      boards.delete(sessionId);
    },

    /** Stops local timers and waits for updates in flight. */
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

function isPostingClaim(board: unknown): boolean {
  return typeof board === "object" && board !== null && "posting" in board;
}
