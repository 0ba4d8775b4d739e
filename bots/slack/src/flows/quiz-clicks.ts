import type { RespondFn, webApi } from "@slack/bolt";
import {
  type Actor,
  approveQuiz,
  discardQuiz,
  enterSpace,
  type Logger,
  noticeReply,
  type Reply,
  type ReplyAction,
} from "@studyhall/core";
import { toBlockKit } from "../render/to-block-kit.ts";
import type { Replier } from "../slack/repliers.ts";
import { slackActor, slackSpace } from "../slack/slack-identity.ts";
import type { SlackContext } from "../slack-context.ts";
import { quizAnswerModal } from "../views/quiz-answer-modal.ts";

type QuizAction = Extract<ReplyAction, { kind: `quiz.${string}` }>;

/** One click on a quiz button, unpacked: who, where, and how to answer them privately. */
export interface QuizClick {
  teamId: string;
  userId: string;
  /** The channel of the message clicked (the game's channel, or where a draft review was shown). */
  channel: string | undefined;
  triggerId: string | undefined;
  client: webApi.WebClient;
  respond: RespondFn;
  /** Ephemeral, beside the clicked message (the "locked in"). */
  reply: Replier;
  log: Logger;
}

/**
 * What a quiz button does, through the core's quiz engine and quiz management. The clicker's display
 * name is looked up only afterwards, in the background: the click is recorded (and timed) at once.
 */
export async function handleQuizClick(
  ctx: SlackContext,
  click: QuizClick,
  action: QuizAction,
): Promise<void> {
  try {
    await dispatchClick(ctx, click, action);
  } finally {
    // After the click joined them, so the name found renames a player who exists.
    ctx.names.refresh(click.client, click.teamId, click.userId, click.log);
  }
}

async function dispatchClick(ctx: SlackContext, click: QuizClick, action: QuizAction): Promise<void> {
  const { engine } = ctx.deps.quiz;
  const actor = clickActor(ctx, click);
  switch (action.kind) {
    case "quiz.join":
      return click.reply(
        await engine.join({ sessionId: action.sessionId, actor, teamHint: await teamHint(ctx, click) }),
      );
    case "quiz.answer":
      return click.reply(
        await engine.answer({
          sessionId: action.sessionId,
          questionIndex: action.questionIndex,
          actor,
          response: { choices: [action.choice] },
          teamHint: await teamHint(ctx, click),
        }),
      );
    case "quiz.control":
      return click.reply(
        await engine.control({
          sessionId: action.sessionId,
          actor,
          command: action.command,
          platformStaff: await ctx.admins.isAdmin(click.client, click.teamId, click.userId, click.log),
        }),
      );
    case "quiz.result":
      return click.reply(await engine.myResult({ sessionId: action.sessionId, actor }));
    case "quiz.approve":
    case "quiz.discard":
      return reviewDraft(ctx, click, actor, action);
    case "quiz.respond":
      return openAnswerForm(ctx, click, action);
  }
}

/**
 * Opens the form that answers a multiple-select, text or number question. Runs right after the ack:
 * the click's trigger_id dies three seconds after it.
 */
async function openAnswerForm(
  ctx: SlackContext,
  click: QuizClick,
  action: Extract<QuizAction, { kind: "quiz.respond" }>,
): Promise<void> {
  const open = await ctx.deps.quiz.engine.describeOpenQuestion(action.sessionId, action.questionIndex);
  if (!open)
    return click.reply(
      noticeReply("warning", "⏱ Too late: this question is closed, so it cannot be answered now."),
    );
  if (!click.triggerId || !click.channel)
    throw new Error("a quiz answer click without trigger_id or channel");
  await click.client.views.open({
    trigger_id: click.triggerId,
    view: quizAnswerModal(open, { channel: click.channel }),
  });
}

/** Approve / Discard under a draft's review: the draft must belong to this channel's course. */
async function reviewDraft(
  ctx: SlackContext,
  click: QuizClick,
  actor: Actor,
  action: Extract<QuizAction, { kind: "quiz.approve" | "quiz.discard" }>,
): Promise<void> {
  const { db } = ctx.deps;
  if (!click.channel) return click.reply(noticeReply("error", "Review drafts in the course's channel."));
  const platformStaff = await ctx.admins.isAdmin(click.client, click.teamId, click.userId, click.log);
  const member = await enterSpace(db, {
    actor,
    space: slackSpace(click.teamId, click.channel),
    platformStaff,
  });
  const input = { actor, courseId: member.course.id, quizId: action.quizId };
  const reply: Reply =
    action.kind === "quiz.approve"
      ? noticeReply(
          "info",
          `Approved **${(await approveQuiz(db, input)).title}**. Play it here with \`/studyhall quiz start\`.`,
        )
      : noticeReply("info", `Discarded **${(await discardQuiz(db, input)).title}**.`);
  click.log.info({ quizId: action.quizId, decision: action.kind }, "quiz draft reviewed");
  // The review was an ephemeral message: replace it, so its buttons cannot be pressed twice.
  const message = toBlockKit(reply);
  await click.respond({
    replace_original: true,
    response_type: "ephemeral",
    text: message.text,
    blocks: message.blocks,
  });
}

/**
 * The clicker, named as classmates know them if that is known yet; otherwise unnamed, and core keeps
 * the name stored for them (until the lookup after this click stores their display name).
 */
function clickActor(ctx: SlackContext, click: QuizClick): Actor {
  return slackActor(click.teamId, click.userId, ctx.names.known(click.teamId, click.userId));
}

/** The "Team …" user group of the clicker (used by the core only in games with platform teams). */
function teamHint(ctx: SlackContext, click: QuizClick): Promise<string | null> {
  return ctx.teams.teamOf(click.client, click.teamId, click.userId, click.log);
}
