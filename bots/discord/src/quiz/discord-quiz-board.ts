import { createHash } from "node:crypto";
import type { Logger, QuizBoardPort, QuizBoardTarget, Reply } from "@studyhall/core";
import { DiscordAPIError, type REST, Routes } from "discord.js";
import { z } from "zod";
import type { SentMessage } from "../client/interaction-reply.ts";
import { DISCORD_MAX_CONTENT } from "../render/discord-limits.ts";
import { type DiscordMessage, toDiscordMessages } from "../render/to-discord-messages.ts";
import type { PlayerTokens } from "./player-tokens.ts";

/** Where a game's message lives: what the engine stores and hands back for every later edit. */
const boardSchema = z.object({ channelId: z.string().regex(/^\d+$/), messageId: z.string().regex(/^\d+$/) });
export type DiscordBoard = z.infer<typeof boardSchema>;

/**
 * Discord allows about 5 edits per 5 s per channel; 1.1 s between edits of one game keeps under it
 * with room for a transition that cannot wait.
 */
export const DISCORD_QUIZ_EDIT_INTERVAL_MS = 1_100;
/** Results are sent as ephemeral follow-ups this many at a time. */
const RESULT_CONCURRENCY = 8;
/** Discord: a message nonce is at most 25 characters. */
const NONCE_LENGTH = 25;
/** Discord error: the message was deleted (e.g. by a moderator). */
const UNKNOWN_MESSAGE = 10008;

export interface DiscordQuizBoardOptions {
  /** Bot-token REST: channel messages are the bot's own, not an interaction webhook (whose token dies). */
  rest: REST;
  /** Interaction webhooks (results as ephemeral follow-ups): no client-side global cap. */
  interactionRest: REST;
  applicationId: string;
  tokens: PlayerTokens;
  logger: Logger;
}

/**
 * The game message of a live quiz in a Discord channel: posted once as a bot message, then edited.
 * The countdown is a Discord relative timestamp that counts down in the client, so the engine never
 * re-renders for time alone. The post carries a nonce derived from the game with `enforce_nonce`, so
 * two processes (or a retry after a lost answer) that both try to post the first message get one.
 */
export function createDiscordQuizBoard(options: DiscordQuizBoardOptions): QuizBoardPort {
  const { rest, logger } = options;

  async function post(channelId: string, message: DiscordMessage, nonceKey: string): Promise<DiscordBoard> {
    const sent = (await rest.post(Routes.channelMessages(channelId), {
      body: { ...message, nonce: nonceOf(nonceKey), enforce_nonce: true },
    })) as SentMessage;
    return { channelId, messageId: sent.id };
  }

  return {
    minEditIntervalMs: DISCORD_QUIZ_EDIT_INTERVAL_MS,
    countdownTickMs: 0,

    async show(target: QuizBoardTarget, view: Reply): Promise<DiscordBoard> {
      const message = oneMessage(view);
      const parsed = boardSchema.safeParse(target.board);
      if (!parsed.success) return post(target.spaceId, message, `quiz:${target.sessionId}`);
      const board = parsed.data;
      try {
        await rest.patch(Routes.channelMessage(board.channelId, board.messageId), { body: message });
        return board;
      } catch (error) {
        if (!(error instanceof DiscordAPIError) || Number(error.code) !== UNKNOWN_MESSAGE) throw error;
        // Someone deleted the game message: post it again so the game can go on.
        logger.warn({ sessionId: target.sessionId, messageId: board.messageId }, "quiz message was deleted");
        return post(board.channelId, message, `quiz:${target.sessionId}:${board.messageId}`);
      }
    },

    async sendPrivately(target, messages): Promise<void> {
      let sent = 0;
      let withoutToken = 0;
      const queue = [...messages];
      const worker = async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const token = options.tokens.fresh(target.sessionId, next.externalId);
          if (!token) {
            withoutToken++;
            continue;
          }
          try {
            // An ephemeral is lost on reload, so the result says where to find it again.
            const reply = { ...next.reply, blocks: [...next.reply.blocks, FIND_AGAIN] };
            for (const message of toDiscordMessages({ ...reply, visibility: "private" }))
              await options.interactionRest.post(Routes.webhook(options.applicationId, token), {
                body: message,
                auth: false,
              });
            sent++;
          } catch (error) {
            logger.warn({ err: error, sessionId: target.sessionId }, "could not send a quiz result");
          }
        }
      };
      await Promise.all(Array.from({ length: RESULT_CONCURRENCY }, worker));
      options.tokens.forget(target.sessionId);
      logger.info({ sessionId: target.sessionId, sent, withoutToken }, "quiz results sent privately");
    },
  };
}

const FIND_AGAIN = { type: "text", text: "See your recent results again any time with `/me`." } as const;

/** The game is one message: a view too long for one is cut, keeping its buttons. */
function oneMessage(view: Reply): DiscordMessage {
  const parts = toDiscordMessages({ ...view, visibility: "public" });
  if (parts.length === 1) return parts[0]!;
  const content = parts.map((p) => p.content).join("\n");
  return {
    ...parts.at(-1)!,
    content: `${content.slice(0, DISCORD_MAX_CONTENT - 1)}…`,
  };
}

function nonceOf(key: string): string {
  return createHash("sha256").update(key).digest("base64url").slice(0, NONCE_LENGTH);
}
