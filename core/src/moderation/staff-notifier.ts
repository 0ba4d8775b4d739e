import type { Reply } from "../reply/reply.ts";

/** The chat platforms that can carry a direct message to staff. */
export type NotifiablePlatform = "SLACK" | "DISCORD";

/** A person's account on a chat platform, as core's Identity rows hold it. */
export interface StaffRecipient {
  /** Slack: the team id; Discord: "" (user ids are global). */
  tenant: string;
  externalId: string;
}

/**
 * What a chat front end implements so core can alert course staff: send one reply privately (a DM).
 * Core decides who is told and what; the adapter only renders and sends. Throw on failure: the alert
 * job retries.
 */
export interface StaffNotifier {
  readonly platform: NotifiablePlatform;
  sendDirect(recipient: StaffRecipient, reply: Reply): Promise<void>;
}
