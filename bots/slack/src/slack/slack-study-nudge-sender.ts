import { webApi } from "@slack/bolt";
import { RetryLater, type StudyNudgeSender } from "@studyhall/core";
import { toBlockKit } from "../render/to-block-kit.ts";
import type { WorkspaceClients } from "./workspace-clients.ts";

/**
 * Core's nudges and notifications (cards due, session reminders, results) as a Slack DM, posted with
 * the bot token of the person's workspace (the identity's tenant is its team id). The channel is the
 * person's user id: Slack posts that in the app's DM with them (the App Home's Messages tab), so no
 * conversations.open comes first. That method is Tier 3 (about 50 calls a minute per workspace), which
 * would cap reminders at about 50 people a minute; chat.postMessage is paced per channel instead.
 * A Slack failure is thrown, so the durable job retries it with backoff. `clients` must reject
 * rate-limited calls (`rejectRateLimitedCalls`) instead of waiting out Slack's Retry-After inside the
 * call: a 429 becomes RetryLater, the job comes back after that wait, and its runner slot meanwhile
 * delivers to other people and workspaces (waiting inside the job held every slot on one workspace).
 */
export function createSlackStudyNudgeSender(clients: WorkspaceClients): StudyNudgeSender {
  return {
    platform: "SLACK",
    async send({ tenant, externalId, reply }) {
      const client = await clients.forTeam(tenant);
      const { text, blocks } = toBlockKit({ ...reply, visibility: "public" });
      try {
        await client.chat.postMessage({ channel: externalId, text, blocks });
      } catch (error) {
        const retryAfter = rateLimitedFor(error);
        if (retryAfter !== undefined) throw new RetryLater("Slack rate-limited the DM", retryAfter * 1000);
        throw error;
      }
    },
  };
}

/** Seconds Slack asked to wait, when `error` is WebClient's rejected rate-limited call. */
function rateLimitedFor(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as { code?: unknown; retryAfter?: unknown };
  if (e.code !== webApi.ErrorCode.RateLimitedError) return undefined;
  return typeof e.retryAfter === "number" && Number.isFinite(e.retryAfter) ? Math.max(1, e.retryAfter) : 1;
}
