import type { Reply, ReplyButton } from "../reply/reply.ts";

/** Most notifications listed one per line in a message; the rest are counted ("and 3 more"). */
export const NOTIFICATION_MESSAGE_MAX_LINES = 10;

/** What a chat message says of one notification. */
export interface NotificationMessageItem {
  title: string;
  body: string;
}

/** The button that marks every unread notification of the clicker read. */
export function markAllReadButton(): ReplyButton {
  return { label: "Mark all read", action: { kind: "notifications.read" } };
}

/**
 * The chat message carrying a person's waiting notifications: one notification as its title and body;
 * several as "N updates" and a line each (at most {@link NOTIFICATION_MESSAGE_MAX_LINES}, then "and N
 * more"); always with a "Mark all read" button.
 */
export function notificationMessageReply(items: NotificationMessageItem[]): Reply {
  const [only] = items;
  const text =
    items.length === 1 && only ? `**${only.title}**${only.body ? `\n${only.body}` : ""}` : severalText(items);
  return {
    visibility: "private",
    blocks: [
      { type: "text", text },
      { type: "buttons", buttons: [markAllReadButton()] },
    ],
  };
}

function severalText(items: NotificationMessageItem[]): string {
  const shown = items.slice(0, NOTIFICATION_MESSAGE_MAX_LINES).map((item) => `• ${item.title}`);
  const more = items.length - shown.length;
  return [
    `**${items.length.toLocaleString("en-US")} updates**`,
    ...shown,
    ...(more > 0 ? [`and ${more.toLocaleString("en-US")} more`] : []),
  ].join("\n");
}
