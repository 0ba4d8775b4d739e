import { z } from "zod";

/**
 * The progress commands every front end builds (Slack and the CLI from text with
 * parse-progress-command-text, Discord from its options, the LMS page from its links): the progress
 * card with the account (`me`), a course leaderboard, hiding oneself from leaderboards, and history.
 */
export const progressCommandSchema = z.discriminatedUnion("name", [
  z.object({ name: z.literal("me") }),
  z.object({ name: z.literal("leaderboard"), period: z.enum(["week", "all"]) }),
  z.object({ name: z.literal("leaderboard.hide"), hidden: z.boolean() }),
  z.object({ name: z.literal("history") }),
]);

export type ProgressCommand = z.infer<typeof progressCommandSchema>;

/** The words of each progress command, for help texts and usage errors. */
export const PROGRESS_USAGE = {
  me: "me [in:<course>]",
  leaderboard: "leaderboard [week|all|hide|show] [in:<course>]",
  history: "history [in:<course>]",
} as const;
