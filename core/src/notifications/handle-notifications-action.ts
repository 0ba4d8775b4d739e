import type { StudyHallDeps } from "../deps.ts";
import type { Actor } from "../people/actor.ts";
import type { Reply } from "../reply/reply.ts";
import { markNotificationsRead } from "./inbox.ts";
import { markedReadReply } from "./notifications-replies.ts";

/** A notification button a front end decoded: "Mark all read" marks the clicker's own unread ones. */
export async function handleNotificationsAction(
  deps: StudyHallDeps,
  input: { actor: Actor; action: { kind: "notifications.read" } },
): Promise<Reply> {
  const count = await markNotificationsRead(deps.db, { actor: input.actor }, { now: deps.clock() });
  return markedReadReply(count);
}
