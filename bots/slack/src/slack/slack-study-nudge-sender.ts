import type { StudyNudgeSender } from "@studyhall/core";
import { toBlockKit } from "../render/to-block-kit.ts";
import type { WorkspaceClients } from "./workspace-clients.ts";

/**
 * Core's nudges and notifications (cards due, session reminders, results) as a Slack DM, posted with
 * the bot token of the person's workspace (the identity's tenant is its team id). The channel is the
 * person's user id: Slack posts that in the app's DM with them (the App Home's Messages tab), so no
 * conversations.open comes first. That method is Tier 3 (about 50 calls a minute per workspace), which
 * would cap reminders at about 50 people a minute; chat.postMessage is paced per channel instead.
 * A Slack failure is thrown, so the durable job retries it with backoff.
 */
export function createSlackStudyNudgeSender(clients: WorkspaceClients): StudyNudgeSender {
  return {
    platform: "SLACK",
    async send({ tenant, externalId, reply }) {
      const client = await clients.forTeam(tenant);
      const { text, blocks } = toBlockKit({ ...reply, visibility: "public" });
      await client.chat.postMessage({ channel: externalId, text, blocks });
    },
  };
}
