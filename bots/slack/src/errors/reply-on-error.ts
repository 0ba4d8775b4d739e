import type { Logger } from "@studyhall/core";
import type { Replier } from "../slack/repliers.ts";
import { slackErrorReply } from "./slack-error-reply.ts";

/**
 * Runs `work`; if it fails, tells the person through `reply` (see {@link slackErrorReply}). A failure
 * to deliver that message is logged, never thrown: there is nobody left to tell.
 */
export async function replyOnError(reply: Replier, log: Logger, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    try {
      await reply(slackErrorReply(error, log));
    } catch (deliveryError) {
      log.error({ err: deliveryError }, "could not tell the user about an error");
    }
  }
}
