import type { RespondFn, webApi } from "@slack/bolt";
import {
  type Actor,
  handleStudyAction,
  type Logger,
  noticeReply,
  practiceForm,
  type StudyAction,
  writingForm,
} from "@studyhall/core";
import { isDirectMessageChannel, slackActor, slackSpace } from "../slack/slack-identity.ts";
import {
  postInDm,
  replaceStudyMessage,
  type StudyMessageRef,
  sendPrivately,
} from "../slack/study-delivery.ts";
import type { SlackContext } from "../slack-context.ts";
import { practiceAnswerModal } from "../views/practice-answer-modal.ts";
import { writingModal } from "../views/writing-modal.ts";

/** One click on a study button, unpacked: who, which message, and how to answer them. */
export interface StudyClick {
  teamId: string;
  userId: string;
  message: StudyMessageRef;
  triggerId: string | undefined;
  client: webApi.WebClient;
  respond: RespondFn;
  log: Logger;
}

/** True for the two buttons that open a form: their trigger_id dies three seconds after the click. */
export function opensStudyForm(action: StudyAction): boolean {
  return action.kind === "practice.respond" || action.kind === "writing.open";
}

/**
 * What a study button does, through core's study front door: the answer replaces the clicked message
 * ("replace") or comes as a new private message ("new"). A session started from a message outside the
 * DM or from an ephemeral one (a practice list, the cards summary) is posted in the person's DM with the
 * app as an ordinary message, where each later click edits it in place.
 */
export async function handleStudyClick(
  ctx: SlackContext,
  click: StudyClick,
  action: StudyAction,
): Promise<void> {
  if (action.kind === "practice.respond") return openPracticeForm(ctx, click, action);
  if (action.kind === "writing.open") return openWritingForm(ctx, click, action.promptId);
  const inDm = isDirectMessageChannel(click.message.channel);
  const result = await handleStudyAction(ctx.deps, {
    actor: clickActor(ctx, click),
    space: inDm ? null : slackSpace(click.teamId, click.message.channel),
    action,
  });
  const target = { ...click.message, user: click.userId, respond: click.respond };
  const startsSession = action.kind === "card.review" || action.kind === "practice.start";
  // A session is an ordinary DM message, which every later click can edit (an ephemeral one vanishes).
  if (startsSession && (!inDm || click.message.ephemeral)) {
    await postInDm(click.client, click.userId, result.reply);
    if (inDm) {
      await click.respond({ delete_original: true });
      return;
    }
    const moved = noticeReply("info", "It is in our direct message: open it to carry on.");
    if (click.message.ephemeral) await replaceStudyMessage(click.client, target, moved);
    else await sendPrivately(click.client, target, moved);
    return;
  }
  if (result.placement === "replace") await replaceStudyMessage(click.client, target, result.reply);
  else await sendPrivately(click.client, target, result.reply);
}

async function openPracticeForm(
  ctx: SlackContext,
  click: StudyClick,
  action: Extract<StudyAction, { kind: "practice.respond" }>,
): Promise<void> {
  if (!click.triggerId) throw new Error("a practice answer click without trigger_id");
  const question = { runId: action.runId, position: action.position };
  const form = await practiceForm(ctx.deps, { actor: clickActor(ctx, click), ...question });
  await click.client.views.open({
    trigger_id: click.triggerId,
    view: practiceAnswerModal(form, question, click.message),
  });
}

async function openWritingForm(ctx: SlackContext, click: StudyClick, promptId: string): Promise<void> {
  if (!click.triggerId) throw new Error("a writing click without trigger_id");
  const form = await writingForm(ctx.deps, { actor: clickActor(ctx, click), promptId });
  await click.client.views.open({ trigger_id: click.triggerId, view: writingModal(form, click.message) });
}

function clickActor(ctx: SlackContext, click: { teamId: string; userId: string }): Actor {
  return slackActor(click.teamId, click.userId, ctx.names.known(click.teamId, click.userId));
}
