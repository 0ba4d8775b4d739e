import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { SlackContext } from "../../slack-context.ts";
import { eventEnvelope } from "./event-job.ts";

type UninstallArgs = SlackEventMiddlewareArgs<"app_uninstalled" | "tokens_revoked"> & AllMiddlewareArgs;

/**
 * A workspace removed the app or revoked its bot token: its stored installation (with the token) is
 * deleted. Courses and history stay; reinstalling picks them up again.
 */
export function appUninstalled(ctx: SlackContext) {
  return async ({ event, body, context }: UninstallArgs): Promise<void> => {
    const store = ctx.installations;
    if (!store) return;
    if (event.type === "tokens_revoked" && !event.tokens.bot?.length) return;
    const { teamId, log } = eventEnvelope(ctx, body, context.teamId);
    const isEnterpriseInstall = Boolean(context.isEnterpriseInstall);
    ctx.work.run("uninstall", log, async () => {
      await store.deleteInstallation?.({
        teamId,
        enterpriseId: context.enterpriseId,
        isEnterpriseInstall,
      });
      log.info({ event: event.type }, "Slack installation removed");
    });
  };
}
