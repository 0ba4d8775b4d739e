import type { webApi } from "@slack/bolt";
import { type Clock, type Logger, realClock, type Timer } from "@studyhall/core";
import type { SlackMessage } from "../render/to-block-kit.ts";

/**
 * Edits of a shared message that many people change at once (a study session's announcement, whose
 * counts every Going or Maybe changes). Slack allows about one `chat.update` a second per message, so
 * a class answering together would be throttled and answered with 429s; here each message gets at most
 * one edit per interval, and only the latest content is sent, so the last answer's counts win.
 */
export interface MessageEdits {
  /** Shows `message` in `channel`/`ts` soon (at once, or one interval after the last edit). */
  show(client: webApi.WebClient, target: { channel: string; ts: string }, message: SlackMessage): void;
}

interface Edited {
  lastSent: number;
  pending?: { client: webApi.WebClient; message: SlackMessage };
  timer?: Timer;
  inFlight: Promise<void>;
}

export function createMessageEdits(options: {
  intervalMs: number;
  log: Logger;
  clock?: Clock;
}): MessageEdits {
  const clock = options.clock ?? realClock;
  const messages = new Map<string, Edited>();
  // Messages not edited for an interval are forgotten: their next edit may go at once anyway.
  const forgetQuiet = () => {
    for (const [key, edited] of messages)
      if (!edited.timer && clock.now() - edited.lastSent >= options.intervalMs) messages.delete(key);
  };
  return {
    show(client, { channel, ts }, message) {
      forgetQuiet();
      const key = `${channel}:${ts}`;
      const edited = messages.get(key) ?? {
        lastSent: clock.now() - options.intervalMs,
        inFlight: Promise.resolve(),
      };
      messages.set(key, edited);
      edited.pending = { client, message };
      const flush = () => {
        edited.timer = undefined;
        const next = edited.pending;
        edited.pending = undefined;
        if (!next) return;
        edited.lastSent = clock.now();
        edited.inFlight = edited.inFlight
          .then(() =>
            next.client.chat.update({ channel, ts, text: next.message.text, blocks: next.message.blocks }),
          )
          .then(
            () => {},
            (error: unknown) => options.log.warn({ err: error, channel, ts }, "message edit failed"),
          );
      };
      edited.timer ??= clock.setTimer(flush, options.intervalMs - (clock.now() - edited.lastSent));
    },
  };
}
