import type { NotificationKind } from "../db/generated/enums.ts";
import { NOTIFICATION_KIND_WORDS, NOTIFICATION_KINDS } from "./notification-kinds.ts";
import { NOTIFICATIONS_USAGE, type NotificationsCommand } from "./notifications-command.ts";

/** Singular words too, as people type them ("off grade"). */
const KIND_BY_WORD: ReadonlyMap<string, NotificationKind> = new Map(
  NOTIFICATION_KINDS.flatMap((kind) => {
    const word = NOTIFICATION_KIND_WORDS[kind];
    return [
      [word, kind],
      [word.replace(/s$/, ""), kind],
    ] as const;
  }),
);

/**
 * Parses the words after "notifications": "" (list), "read", "on|off <kind>" (cards, sessions,
 * results, grades, flags) and "digest on [hour]|off" (hour 0 to 23, local). Null when the first word is
 * none of these, so a front end can try its other commands; never throws.
 */
export function parseNotificationsCommandText(
  text: string,
): { command: NotificationsCommand } | { error: string } | null {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const [first, second, third, ...rest] = words;
  if (first === undefined || first === "list") {
    return words.length > 1 ? usage("`list` takes nothing after it.") : { command: { name: "list" } };
  }
  if (first === "read") {
    return words.length > 1 ? usage("`read` takes nothing after it.") : { command: { name: "read" } };
  }
  if (first === "on" || first === "off") {
    const kind = second === undefined ? undefined : KIND_BY_WORD.get(second);
    if (!kind || third !== undefined) {
      const named = second ? `\`${second.slice(0, 40)}\` is not a kind of notification. ` : "";
      return usage(
        `${named}Name one of: ${NOTIFICATION_KINDS.map((k) => NOTIFICATION_KIND_WORDS[k]).join(", ")}.`,
      );
    }
    return { command: { name: "kind", kind, on: first === "on" } };
  }
  if (first === "digest") return parseDigest(second, third, rest);
  return null;
}

function parseDigest(
  second: string | undefined,
  third: string | undefined,
  rest: string[],
): { command: NotificationsCommand } | { error: string } {
  if (second === "off" && third === undefined) return { command: { name: "digest", on: false } };
  if (second !== "on" || rest.length > 0) return usage("Say `digest on`, `digest on 18` or `digest off`.");
  if (third === undefined) return { command: { name: "digest", on: true } };
  const hour = /^\d{1,2}$/.test(third) ? Number(third) : Number.NaN;
  if (!(hour >= 0 && hour <= 23)) {
    return usage(`\`${third.slice(0, 20)}\` is not an hour: give a whole hour from 0 to 23, like \`18\`.`);
  }
  return { command: { name: "digest", on: true, hour } };
}

function usage(message: string): { error: string } {
  return { error: `${message}\nUsage: \`${NOTIFICATIONS_USAGE}\`` };
}
