import type { Logger, Prisma, QuizBoardPort, QuizBoardTarget, Reply } from "@studyhall/core";
import { z } from "zod";
import { toBlockKit } from "../render/to-block-kit.ts";
import type { WorkspaceClients } from "./workspace-clients.ts";

/** Slack allows about one update per second per message; a little more keeps bursts clear of 429s. */
export const SLACK_MIN_EDIT_INTERVAL_MS = 1100;
/** Slack cannot count down by itself: re-render an open question this often. */
export const SLACK_COUNTDOWN_TICK_MS = 5000;
/** Private results posted at once at the end of a game (chat.postEphemeral is rate limited per workspace). */
const PRIVATE_SENDS_AT_ONCE = 4;
/** A claim to post a game message that was not completed in this time is presumed dead. */
const POSTING_CLAIM_SECONDS = 30;

/** Where a game message lives: what `show` returns, the engine stores, and `chat.update` needs. */
const slackBoardSchema = z.object({ channel: z.string().min(1), ts: z.string().regex(/^\d+\.\d+$/) });
export type SlackBoard = z.infer<typeof slackBoardSchema>;

export type SlackQuizBoard = QuizBoardPort;

/**
 * Shows live quizzes in Slack: the game message is posted once in the channel with the workspace's
 * bot token and edited with chat.update; each player's result is an ephemeral message in the channel.
 */
export function createSlackQuizBoard(deps: {
  db: Prisma;
  clients: WorkspaceClients;
  log: Logger;
}): SlackQuizBoard {
  const { db, clients, log } = deps;

  async function update(target: QuizBoardTarget, board: SlackBoard, view: Reply): Promise<SlackBoard> {
    const client = await clients.forTeam(target.tenant);
    const message = toBlockKit(view);
    await client.chat.update({ ...board, text: message.text, blocks: message.blocks });
    return board;
  }

  async function post(target: QuizBoardTarget, view: Reply): Promise<SlackBoard | undefined> {
    // Two processes may both find no message yet (answers arrive in one while the other still posts):
    // only the one that claims the session posts, so a game never gets a second message.
    if (!(await claimPosting(db, target.sessionId))) {
      const row = await db.quizSession.findUnique({
        where: { id: target.sessionId },
        select: { board: true },
      });
      const posted = slackBoardSchema.safeParse(row?.board);
      return posted.success ? update(target, posted.data, view) : undefined;
    }
    try {
      const client = await clients.forTeam(target.tenant);
      const message = toBlockKit(view);
      const posted = await client.chat.postMessage({
        channel: target.spaceId,
        text: message.text,
        blocks: message.blocks,
      });
      return slackBoardSchema.parse({ channel: posted.channel ?? target.spaceId, ts: posted.ts });
    } catch (error) {
      // The engine cancels the lobby and the start command explains Slack's refusal.
      await releasePosting(db, target.sessionId);
      throw error;
    }
  }

  return {
    minEditIntervalMs: SLACK_MIN_EDIT_INTERVAL_MS,
    countdownTickMs: SLACK_COUNTDOWN_TICK_MS,
    async show(target, view) {
      const board = slackBoardSchema.safeParse(target.board);
      return board.success ? update(target, board.data, view) : post(target, view);
    },
    async sendPrivately(target, messages) {
      const client = await clients.forTeam(target.tenant);
      let next = 0;
      const worker = async () => {
        while (next < messages.length) {
          const { externalId, reply } = messages[next++]!;
          const message = toBlockKit(reply);
          try {
            await client.chat.postEphemeral({
              channel: target.spaceId,
              user: externalId,
              text: message.text,
              blocks: message.blocks,
            });
          } catch (error) {
            // One player who left the channel must not stop the others' results.
            log.warn(
              { err: error, sessionId: target.sessionId, user: externalId },
              "quiz result not delivered",
            );
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(PRIVATE_SENDS_AT_ONCE, messages.length) }, worker));
    },
  };
}

async function claimPosting(db: Prisma, sessionId: string): Promise<boolean> {
  const rows = await db.$queryRaw<unknown[]>`
    UPDATE "QuizSession" SET board = jsonb_build_object('posting', clock_timestamp())
    WHERE id = ${sessionId}::uuid
      AND (board IS NULL
           OR (board->>'posting' IS NOT NULL
               AND (board->>'posting')::timestamptz < clock_timestamp() - make_interval(secs => ${POSTING_CLAIM_SECONDS})))
    RETURNING id`;
  return rows.length === 1;
}

async function releasePosting(db: Prisma, sessionId: string): Promise<void> {
  await db.$executeRaw`
    UPDATE "QuizSession" SET board = NULL WHERE id = ${sessionId}::uuid AND board->>'posting' IS NOT NULL`;
}
