import type { App } from "@slack/bolt";
import type { SlackContext } from "../../slack-context.ts";
import { appHomeOpened } from "./app-home-opened.ts";
import { appMention } from "./app-mention.ts";
import { appUninstalled } from "./app-uninstalled.ts";
import { messageReceived } from "./message.ts";

/** Events API: mentions, messages (DMs and thread follow-ups, shared files), the App Home, uninstalls. */
export function register(app: App, ctx: SlackContext): void {
  app.event("app_mention", appMention(ctx));
  app.event("message", messageReceived(ctx));
  app.event("app_home_opened", appHomeOpened(ctx));
  app.event("app_uninstalled", appUninstalled(ctx));
  app.event("tokens_revoked", appUninstalled(ctx));
}
