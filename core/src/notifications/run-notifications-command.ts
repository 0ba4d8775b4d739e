import type { StudyHallDeps } from "../deps.ts";
import { parseFrontDoorCommand } from "../errors/parse-input.ts";
import type { Actor } from "../people/actor.ts";
import { noticeReply, type Reply } from "../reply/reply.ts";
import { listNotifications, markNotificationsRead } from "./inbox.ts";
import { NOTIFICATION_KIND_WORDS } from "./notification-kinds.ts";
import { setNotificationDigest, setNotificationKind } from "./notification-settings.ts";
import { type NotificationsCommand, notificationsCommandSchema } from "./notifications-command.ts";
import { markedReadReply, notificationsReply } from "./notifications-replies.ts";

/**
 * Runs one notification command for whoever asked, on any front end: `list` (their inbox with their
 * settings and a "Mark all read" button), `read`, a kind on or off, the digest on or off. Only the
 * actor's own inbox and settings. Every answer is private.
 */
export async function runNotificationsCommand(
  deps: StudyHallDeps,
  input: { actor: Actor; command: NotificationsCommand },
): Promise<Reply> {
  const command = parseFrontDoorCommand(notificationsCommandSchema, input.command, "notifications");
  const { db } = deps;
  const { actor } = input;
  const now = deps.clock();
  switch (command.name) {
    case "list":
      return notificationsReply(await listNotifications(db, { actor }, { now }));
    case "read":
      return markedReadReply(await markNotificationsRead(db, { actor }, { now }));
    case "kind": {
      await setNotificationKind(db, { actor, kind: command.kind, on: command.on }, { now });
      const word = NOTIFICATION_KIND_WORDS[command.kind];
      return noticeReply(
        "info",
        command.on
          ? `Notifications about ${word} are on: they are sent to you here.`
          : `Notifications about ${word} are off: they stay in your inbox but are not sent to chat.`,
      );
    }
    case "digest": {
      const settings = await setNotificationDigest(
        db,
        { actor, digest: command.on, ...(command.hour === undefined ? {} : { hour: command.hour }) },
        { now },
      );
      const hour = `${String(settings.digestHour).padStart(2, "0")}:00`;
      return noticeReply(
        "info",
        command.on
          ? `You get one digest a day at ${hour} (${settings.timeZone}) instead of single messages.`
          : "The daily digest is off: notifications are sent as they come, at most one message a minute.",
      );
    }
  }
}
