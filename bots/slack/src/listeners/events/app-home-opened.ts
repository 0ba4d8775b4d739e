import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { describeMember, listRecentQuestions } from "@studyhall/core";
import { slackActor } from "../../slack/slack-identity.ts";
import type { SlackContext } from "../../slack-context.ts";
import { appHomeView } from "../../views/app-home-view.ts";
import { eventEnvelope } from "./event-job.ts";

type HomeArgs = SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs;

/** Publishes the App Home tab each time someone opens it (idempotent, so retries need no claim). */
export function appHomeOpened(ctx: SlackContext) {
  return async ({ event, body, client, context }: HomeArgs): Promise<void> => {
    if (event.tab !== "home") return;
    const { teamId, log } = eventEnvelope(ctx, body, context.teamId);
    if (!teamId) return;
    ctx.work.run("app home", log, async () => {
      const member = await describeMember(ctx.deps.db, slackActor(teamId, event.user));
      const recent = await listRecentQuestions(ctx.deps.db, { userId: member.userId });
      await client.views.publish({ user_id: event.user, view: appHomeView(member, recent) });
    });
  };
}
