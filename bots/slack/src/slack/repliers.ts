import type { RespondFn, webApi } from "@slack/bolt";
import type { Reply } from "@studyhall/core";
import { toBlockKit } from "../render/to-block-kit.ts";
import { isDirectMessageChannel } from "./slack-identity.ts";

/** Delivers a neutral reply to whoever made the request, however the request arrived. */
export type Replier = (reply: Reply) => Promise<void>;

/** Replies through a slash command's or button's response_url (ephemeral unless the reply is public). */
export function respondReplier(respond: RespondFn): Replier {
  return async (reply) => {
    const message = toBlockKit(reply);
    await respond({
      response_type: message.ephemeral ? "ephemeral" : "in_channel",
      replace_original: false,
      text: message.text,
      blocks: message.blocks,
    });
  };
}

/**
 * Replies in a conversation: public replies go in the thread (when given); private ones are ephemeral
 * in a channel and ordinary messages in a DM, where nobody else can see them anyway.
 */
export function conversationReplier(
  client: webApi.WebClient,
  target: { channel: string; user: string; threadTs?: string | undefined },
): Replier {
  return async (reply) => {
    const message = toBlockKit(reply);
    const thread = target.threadTs ? { thread_ts: target.threadTs } : {};
    if (message.ephemeral && !isDirectMessageChannel(target.channel)) {
      await client.chat.postEphemeral({
        channel: target.channel,
        user: target.user,
        text: message.text,
        blocks: message.blocks,
        ...thread,
      });
      return;
    }
    await client.chat.postMessage({
      channel: target.channel,
      text: message.text,
      blocks: message.blocks,
      ...thread,
    });
  };
}
