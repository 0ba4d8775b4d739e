import { randomUUID } from "node:crypto";
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { Logger, ReplyAction } from "@studyhall/core";
import { type BlockActionPayload, blockActionSchema, interactionTeamId } from "../../parse/slack-payloads.ts";
import { decodeAction } from "../../render/action-codec.ts";
import { requestLog, type SlackContext } from "../../slack-context.ts";

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** A button click read: its payload, workspace and decoded action, with the request's log. */
export interface ReadBlockAction<A extends ReplyAction> {
  payload: BlockActionPayload;
  teamId: string;
  decoded: A;
  log: Logger;
  /** The raw action_id, for a caller that refuses the click on grounds of its own and logs it. */
  actionId: string | undefined;
}

/**
 * A button click's payload and action_id, decoded and checked to be one of the family a listener
 * handles (`accepts`). A click that is not (unreadable, no workspace, another family's action) is
 * logged as "unreadable <name> action" and `undefined` is returned; there is no one to tell, as the
 * click was already acked.
 */
export function readBlockAction<A extends ReplyAction>(
  ctx: SlackContext,
  { action, body }: Pick<ActionArgs, "action" | "body">,
  accepts: (decoded: ReplyAction) => decoded is A,
  name: string,
): ReadBlockAction<A> | undefined {
  const payload = blockActionSchema.safeParse(body);
  const actionId = "action_id" in action ? action.action_id : undefined;
  const decoded = actionId === undefined ? null : decodeAction(actionId);
  const teamId = payload.success ? interactionTeamId(payload.data) : undefined;
  const log = requestLog(ctx, teamId, randomUUID().slice(0, 8));
  if (!payload.success || !teamId || !decoded || !accepts(decoded)) {
    log.warn({ actionId }, `unreadable ${name} action`);
    return undefined;
  }
  return { payload: payload.data, teamId, decoded, log, actionId };
}
