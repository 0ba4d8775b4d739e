import { webApi } from "@slack/bolt";
import {
  isAppError,
  type Logger,
  type Reply,
  type StudySessionPort,
  type StudySessionView,
} from "@studyhall/core";
import { openQuizLobby } from "../flows/commands/quiz-command.ts";
import { toBlockKit } from "../render/to-block-kit.ts";
import type { SlackContext } from "../slack-context.ts";
import { slackActor, slackSpace } from "./slack-identity.ts";
import type { WorkspaceClients } from "./workspace-clients.ts";

/**
 * Study sessions in Slack: the announcement is a message in the session's channel (with its Going /
 * Maybe / Can't go buttons) posted and edited with the workspace's bot token (the session's tenant is
 * the team id); its thread is that message's thread, so the thread's ref is the announcement's ts. Core
 * decides when each step happens and what it says; failures are thrown so the step's job retries them.
 */
export function createSlackStudySessionPort(parts: {
  ctx: SlackContext;
  clients: WorkspaceClients;
  log: Logger;
}): StudySessionPort {
  const { ctx, clients, log } = parts;

  async function post(session: StudySessionView, reply: Reply, threadTs?: string): Promise<string> {
    const { tenant, channelId } = placeOf(session);
    const client = await clients.forTeam(tenant);
    const message = toBlockKit({ ...reply, visibility: "public" });
    const posted = await client.chat.postMessage({
      channel: channelId,
      text: message.text,
      blocks: message.blocks,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    if (!posted.ts) throw new Error("chat.postMessage returned no ts");
    return posted.ts;
  }

  return {
    platform: "SLACK",
    async announce(session, reply) {
      const ref = await post(session, reply);
      log.info({ studySessionId: session.id, ts: ref }, "study session announced");
      return { ref };
    },
    async update(session, reply) {
      const { tenant, channelId } = placeOf(session);
      const ts = announcementOf(session);
      const client = await clients.forTeam(tenant);
      const message = toBlockKit({ ...reply, visibility: "public" });
      await client.chat.update({ channel: channelId, ts, text: message.text, blocks: message.blocks });
    },
    async open(session, reply) {
      const threadRef = announcementOf(session);
      await post(session, reply, threadRef);
      return { threadRef };
    },
    async postInThread(session, reply) {
      await post(session, reply, session.threadRef ?? announcementOf(session));
    },
    async startQuiz(session, quizId) {
      const { tenant, channelId } = placeOf(session);
      const host = session.host;
      if (host?.platform !== "SLACK") {
        log.warn({ studySessionId: session.id }, "study session quiz not started: no Slack host");
        return null;
      }
      const quizLog = log.child({ studySessionId: session.id, quizId });
      try {
        const { sessionId } = await openQuizLobby(ctx, {
          actor: slackActor(host.tenant, host.externalId, host.displayName),
          space: slackSpace(tenant, channelId),
          client: await clients.forTeam(tenant),
          log: quizLog,
          quiz: quizId,
        });
        return { quizSessionId: sessionId };
      } catch (error) {
        // Core stored the thread before asking, so a retry continues here. A refusal is final (core's:
        // another game in the channel, the host no longer allowed; Slack's: the app is not in the
        // channel): the session goes on without its quiz. Anything else (Slack unreachable) is thrown
        // for the step's job to retry.
        if (!isAppError(error) && !isSlackRefusal(error)) throw error;
        quizLog.warn({ err: error }, "study session quiz could not start");
        return null;
      }
    },
  };
}

/** An answer from Slack saying no (`ok: false`), as opposed to Slack not answering. */
function isSlackRefusal(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === webApi.ErrorCode.PlatformError;
}

function placeOf(session: StudySessionView): { tenant: string; channelId: string } {
  if (session.platform !== "SLACK" || !session.tenant || !session.channelId)
    throw new Error(`study session ${session.id} has no Slack channel`);
  return { tenant: session.tenant, channelId: session.channelId };
}

function announcementOf(session: StudySessionView): string {
  if (!session.announcementRef) throw new Error(`study session ${session.id} was not announced`);
  return session.announcementRef;
}
