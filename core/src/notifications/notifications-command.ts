import { z } from "zod";
import { NOTIFICATION_KINDS } from "./notification-kinds.ts";

/**
 * The notification commands every front end builds (Slack and the CLI from text with
 * parse-notifications-command-text, Discord from its options, the LMS page from its forms): the inbox
 * (`list`), marking everything read, one kind on or off, and the daily digest on (at an hour) or off.
 */
export const notificationsCommandSchema = z.discriminatedUnion("name", [
  z.object({ name: z.literal("list") }),
  z.object({ name: z.literal("read") }),
  z.object({ name: z.literal("kind"), kind: z.enum(NOTIFICATION_KINDS), on: z.boolean() }),
  z.object({ name: z.literal("digest"), on: z.boolean(), hour: z.number().int().min(0).max(23).optional() }),
]);

export type NotificationsCommand = z.infer<typeof notificationsCommandSchema>;

/** The words of the notification commands, for help texts and usage errors. */
export const NOTIFICATIONS_USAGE =
  "notifications [read | on|off cards|sessions|results|grades|flags | digest on [hour]|off]";
