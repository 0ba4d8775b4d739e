import type { StudyNudgeSender } from "@studyhall/core";
import { toBlockKit } from "../render/to-block-kit.ts";
import type { WorkspaceClients } from "./workspace-clients.ts";

/**
 * Core's daily "cards are due" nudge as a Slack DM: opens the person's DM with the app and posts the
 * reply there with the bot token of their workspace (the identity's tenant is its team id). A Slack
 * failure is thrown, so the durable job retries it with backoff.
 */
export function createSlackStudyNudgeSender(clients: WorkspaceClients): StudyNudgeSender {
  return {
    platform: "SLACK",
    async send({ tenant, externalId, reply }) {
      const client = await clients.forTeam(tenant);
      const opened = await client.conversations.open({ users: externalId });
      const channel = opened.channel?.id;
      if (!channel) throw new Error("conversations.open returned no channel");
      const { text, blocks } = toBlockKit({ ...reply, visibility: "public" });
      await client.chat.postMessage({ channel, text, blocks });
    },
  };
}
