import type { Logger, QuizBoardPort, QuizBoardTarget, Reply } from "@studyhall/core";
import { z } from "zod";
import { toBlockKit } from "../render/to-block-kit.ts";
import type { WorkspaceClients } from "./workspace-clients.ts";

/** Slack allows about one update per second per message; a little more keeps bursts clear of 429s. */
export const SLACK_MIN_EDIT_INTERVAL_MS = 1100;
/** Slack cannot count down by itself: re-render an open question this often. */
export const SLACK_COUNTDOWN_TICK_MS = 5000;
/** Private results posted at once at the end of a game (chat.postEphemeral is rate limited per workspace). */
const PRIVATE_SENDS_AT_ONCE = 4;

/** Where a game message lives: what `show` returns, the engine stores, and `chat.update` needs. */
const slackBoardSchema = z.object({ channel: z.string().min(1), ts: z.string().regex(/^\d+\.\d+$/) });
export type SlackBoard = z.infer<typeof slackBoardSchema>;

export type SlackQuizBoard = QuizBoardPort;

/**
 * Shows live quizzes in Slack: the game message is posted once in the channel with the workspace's
 * bot token and edited with chat.update; each player's result is an ephemeral message in the channel.
 */
export function createSlackQuizBoard(deps: { clients: WorkspaceClients; log: Logger }): SlackQuizBoard {
  const { clients, log } = deps;

  async function update(target: QuizBoardTarget, board: SlackBoard, view: Reply): Promise<SlackBoard> {
    const client = await clients.forTeam(target.tenant);
    const message = toBlockKit(view);
    await client.chat.update({ ...board, text: message.text, blocks: message.blocks });
    return board;
  }

  async function post(target: QuizBoardTarget, view: Reply): Promise<SlackBoard> {
    // The engine has claimed this post for this process (see core's quiz-board-refresher.ts).
    const client = await clients.forTeam(target.tenant);
    const message = toBlockKit(view);
    const posted = await client.chat.postMessage({
      channel: target.spaceId,
      text: message.text,
      blocks: message.blocks,
    });
    return slackBoardSchema.parse({ channel: posted.channel ?? target.spaceId, ts: posted.ts });
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
            // A DM (the app's Messages tab), not an ephemeral: a reload loses an ephemeral, and a
            // result is something the student comes back to. Posting to the user id needs no
            // conversations.open, so a class of any size costs one call per player.
            await client.chat.postMessage({
              channel: externalId,
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
