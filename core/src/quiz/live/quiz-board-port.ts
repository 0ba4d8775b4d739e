import type { Platform } from "../../db/generated/enums.ts";
import type { Reply } from "../../reply/reply.ts";

/** Where a game's public message lives; `board` is whatever the front end returned from `show`. */
export interface QuizBoardTarget {
  sessionId: string;
  platform: Platform;
  tenant: string;
  spaceId: string;
  /** null: the message is not posted yet (the engine has claimed posting it; post exactly once). */
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
