import { noticeReply, type Reply, type ReplyBlock } from "../reply/reply.ts";
import type { NotificationsView } from "./inbox.ts";
import { NOTIFICATION_KIND_WORDS, NOTIFICATION_KINDS } from "./notification-kinds.ts";
import { markAllReadButton } from "./notification-message.ts";
import type { NotificationSettingsView } from "./settings-view.ts";

const hourText = (hour: number) => `${String(hour).padStart(2, "0")}:00`;

/** One line of the person's preferences: what is off, digest or not, quiet hours, time zone. */
export function notificationSettingsLine(settings: NotificationSettingsView): string {
  const on = NOTIFICATION_KINDS.filter((k) => !settings.off.includes(k)).map(
    (k) => NOTIFICATION_KIND_WORDS[k],
  );
  const parts = [
    on.length === NOTIFICATION_KINDS.length ? "All kinds on" : `On: ${on.join(", ") || "none"}`,
    settings.digest ? `daily digest at ${hourText(settings.digestHour)}` : "sent as they come",
    settings.quietStartHour !== null &&
    settings.quietEndHour !== null &&
    settings.quietStartHour !== settings.quietEndHour
      ? `quiet ${hourText(settings.quietStartHour)} to ${hourText(settings.quietEndHour)}`
      : "no quiet hours",
    settings.timeZone,
  ];
  return `${parts.join(" · ")}.`;
}

/** The inbox as a private reply: newest first, unread marked, the settings line and "Mark all read". */
export function notificationsReply(view: NotificationsView): Reply {
  const blocks: ReplyBlock[] = [];
  if (view.items.length === 0) {
    blocks.push({ type: "text", text: "**Notifications**\nNothing yet." });
  } else {
    const lines = view.items.map((item) => {
      const mark = item.read ? "" : "🔵 ";
      const course = item.course ? ` _(${item.course})_` : "";
      return `${mark}**${item.title}**${course}\n${item.body}`;
    });
    const unread = view.unread === 0 ? "all read" : `${view.unread.toLocaleString("en-US")} unread`;
    blocks.push({ type: "text", text: `**Notifications** (${unread})\n\n${lines.join("\n\n")}` });
  }
  blocks.push({ type: "text", text: `_${notificationSettingsLine(view.settings)}_` });
  if (view.unread > 0) blocks.push({ type: "buttons", buttons: [markAllReadButton()] });
  return { visibility: "private", blocks };
}

/** "Marked 3 notifications read." */
export function markedReadReply(count: number): Reply {
  return noticeReply(
    "info",
    count === 0
      ? "Nothing unread."
      : `Marked ${count.toLocaleString("en-US")} notification${count === 1 ? "" : "s"} read.`,
  );
}
