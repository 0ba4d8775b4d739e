import type { webApi } from "@slack/bolt";
import type { Logger } from "@studyhall/core";

/** Slack's largest page of conversations.members. */
const MEMBERS_PAGE_SIZE = 1_000;
/** Pages read before giving up: 20,000 members is beyond any class channel. */
const MAX_MEMBER_PAGES = 20;

/**
 * Whether `userId` is a member of the channel, from conversations.members (channels:read and
 * groups:read). Core lets a non-admin link only a channel they are in. If Slack cannot answer (the bot
 * is not in a private channel, a missing scope, an outage) the person is treated as not a member:
 * refusing is the safe failure for a permission, and the refusal says their code is still unused.
 */
export async function isChannelMember(
  client: webApi.WebClient,
  channel: string,
  userId: string,
  log: Logger,
): Promise<boolean> {
  let cursor: string | undefined;
  try {
    for (let page = 0; page < MAX_MEMBER_PAGES; page++) {
      const answer = await client.conversations.members({
        channel,
        limit: MEMBERS_PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
      });
      if (answer.members?.includes(userId)) return true;
      cursor = answer.response_metadata?.next_cursor || undefined;
      if (!cursor) return false;
    }
    log.warn({ channel }, "conversations.members: too many pages; treating the user as not a member");
    return false;
  } catch (error) {
    log.warn({ err: error, channel }, "conversations.members failed; treating the user as not a member");
    return false;
  }
}
