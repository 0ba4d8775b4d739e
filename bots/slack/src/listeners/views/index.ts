import type { App } from "@slack/bolt";
import type { SlackContext } from "../../slack-context.ts";
import { PREFS_CALLBACK_ID } from "../../views/prefs-modal.ts";
import { prefsSubmitted } from "./prefs-submitted.ts";

/** Modal submissions: the learning-preferences form. */
export function register(app: App, ctx: SlackContext): void {
  app.view(PREFS_CALLBACK_ID, prefsSubmitted(ctx));
}
