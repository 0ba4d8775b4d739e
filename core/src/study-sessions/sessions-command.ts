import { z } from "zod";
import { SESSION_TIME_FORMATS } from "./parse-session-time.ts";

/**
 * The study-session commands every front end builds (Slack and the CLI from text with
 * parse-sessions-command-text, Discord from its options, the LMS page from its forms): schedule one,
 * ask for the schedule form, list what is coming, cancel one, and the calendar address (the course's
 * or the person's own: show, renew, turn off). Values are checked again by each use case.
 */
export const sessionsCommandSchema = z.discriminatedUnion("name", [
  z.object({
    name: z.literal("schedule"),
    title: z.string(),
    when: z.string(),
    minutes: z.number().int().optional(),
    weekly: z.boolean().optional(),
    quiz: z.string().optional(),
    deck: z.string().optional(),
  }),
  /** `session schedule` with nothing after it: front ends with forms open one. */
  z.object({ name: z.literal("schedule.form") }),
  z.object({ name: z.literal("list") }),
  z.object({ name: z.literal("cancel"), session: z.string().min(1).max(100) }),
  z.object({
    name: z.literal("calendar"),
    scope: z.enum(["me", "course"]),
    action: z.enum(["show", "renew", "off"]),
  }),
]);

export type SessionsCommand = z.infer<typeof sessionsCommandSchema>;

/** The words of the session commands, for help texts and usage errors. */
export const SESSIONS_USAGE =
  'session schedule "Week 3 review" thu 18:00 [weekly] [60m] [quiz:<words>] [deck:<words>] | session list | session cancel <n> | calendar [course] [new|off]';

/** The schedule command's own usage line, with the time formats. */
export const SCHEDULE_USAGE = `session schedule "Week 3 review" thu 18:00 [weekly] [60m] [quiz:<words>] [deck:<words>]. Times read like ${SESSION_TIME_FORMATS}.`;
