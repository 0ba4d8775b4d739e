import type { webApi } from "@slack/bolt";
import { type Clock, type Logger, realClock, sleepOn, type Timer } from "@studyhall/core";
import type { SlackMessage } from "../render/to-block-kit.ts";

/**
 * A posted message that keeps changing (a streaming answer, ingestion progress). Changes are coalesced
 * so Slack sees at most one `chat.update` per interval whatever the rate of changes (Slack allows about
 * one a second), and only the latest content is ever sent.
 */
export interface LiveMessage {
  channel: string;
  ts: string;
  /** Shows `message` soon (within one interval); later calls replace earlier unsent ones. */
  set(message: SlackMessage): void;
  /** Shows `message` as the final content, after any pending update and at least one interval after it. */
  finish(message: SlackMessage): Promise<void>;
  /** Deletes the message (e.g. when the work it showed failed and the failure is told privately). */
  remove(): Promise<void>;
}

export async function postLiveMessage(
  client: webApi.WebClient,
  target: { channel: string; threadTs?: string | undefined },
  initial: SlackMessage,
  options: {
    intervalMs: number;
    log: Logger;
    /** Whose time the interval is measured in (real time by default; tests pass a manual clock). */
    clock?: Clock;
  },
): Promise<LiveMessage> {
  const clock = options.clock ?? realClock;
  const posted = await client.chat.postMessage({
    channel: target.channel,
    text: initial.text,
    blocks: initial.blocks,
    ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
  });
  const channel = posted.channel ?? target.channel;
  const ts = posted.ts!;
  // The first update may follow the post at once (a quick answer is not held back); after that,
  // updates are at least one interval apart.
  let lastSent = clock.now() - options.intervalMs;
  let pending: SlackMessage | undefined;
  let timer: Timer | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  const send = (message: SlackMessage) => {
    lastSent = clock.now();
    inFlight = inFlight
      .then(() => client.chat.update({ channel, ts, text: message.text, blocks: message.blocks }))
      .then(
        () => {},
        (error: unknown) => options.log.warn({ err: error }, "chat.update failed"),
      );
  };
  const flush = () => {
    timer = undefined;
    if (pending) send(pending);
    pending = undefined;
  };
  const stopTimer = () => {
    timer?.cancel();
    timer = undefined;
    pending = undefined;
  };

  return {
    channel,
    ts,
    set(message) {
      pending = message;
      timer ??= clock.setTimer(flush, options.intervalMs - (clock.now() - lastSent));
    },
    async finish(message) {
      stopTimer();
      await inFlight;
      const wait = options.intervalMs - (clock.now() - lastSent);
      if (wait > 0) await sleepOn(clock, wait);
      lastSent = clock.now();
      await client.chat.update({ channel, ts, text: message.text, blocks: message.blocks });
    },
    async remove() {
      stopTimer();
      await inFlight;
      await client.chat.delete({ channel, ts }).catch((error: unknown) => {
        options.log.warn({ err: error }, "could not delete a message");
      });
    },
  };
}
