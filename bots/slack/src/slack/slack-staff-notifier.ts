import type { StaffNotifier } from "@studyhall/core";
import { toBlockKit } from "../render/to-block-kit.ts";
import type { WorkspaceClients } from "./workspace-clients.ts";

/**
 * Core's staff alerts as Slack DMs: opens the person's DM with the app (conversations.open) and posts
 * the rendered reply there with the bot token of their workspace. Core chose the person and the words.
 */
export function createSlackStaffNotifier(clients: WorkspaceClients): StaffNotifier {
  return {
    platform: "SLACK",
    async sendDirect(recipient, reply) {
      const client = await clients.forTeam(recipient.tenant);
      const opened = await client.conversations.open({ users: recipient.externalId });
      const channel = opened.channel?.id;
      if (!channel) throw new Error("conversations.open returned no channel");
      const { text, blocks } = toBlockKit({ ...reply, visibility: "public" });
      await client.chat.postMessage({ channel, text, blocks });
    },
  };
}
