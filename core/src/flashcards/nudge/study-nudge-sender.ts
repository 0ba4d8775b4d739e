import type { Reply } from "../../reply/reply.ts";

/** The durable job queue of the daily "cards are due" nudge (one job per person per local day). */
export const STUDY_NUDGE_QUEUE = "study.nudge";

/**
 * The port a chat front end gives for the daily nudge: it sends one private message (a DM) to a person
 * it knows by their identity on that platform. The Slack and Discord front ends implement it and push it
 * into the app's nudge sender registry when they start; runStudyNudge picks the sender of the platform
 * the person used last.
 */
export interface StudyNudgeSender {
  platform: "SLACK" | "DISCORD";
  /**
   * Sends `reply` as a DM. `tenant` is the identity's tenant (Slack team id, Discord guild id or "" when
   * the identity is not tied to one); `externalId` the person's user id on the platform. Throw to have
   * the job retried with backoff.
   */
  send(input: { tenant: string; externalId: string; reply: Reply }): Promise<void>;
}
