import type { types, webApi } from "@slack/bolt";
import { askTutor, askTutorInput, type Logger, noticeReply } from "@studyhall/core";
import { escapeMrkdwn, truncate } from "../render/slack-mrkdwn.ts";
import { type CourseChoice, chooseDmCourse } from "../slack/dm-course.ts";
import { conversationReplier } from "../slack/repliers.ts";
import { dmThreadKey, slackActor } from "../slack/slack-identity.ts";
import type { SlackContext } from "../slack-context.ts";
import { streamAnswer } from "./stream-answer.ts";

/** The block holding the pending question in a "which course?" message; read back when a course is picked. */
export const DM_QUESTION_BLOCK = "sh:dm-question";
/** Action ids of the course buttons: `sh:dm-course:<courseId>`. */
export const DM_COURSE_ACTION = /^sh:dm-course:/;

export interface DmQuestion {
  teamId: string;
  userId: string;
  /** The DM channel (or the user id, which Slack resolves to the app's DM with them). */
  channel: string;
  text: string;
}

/**
 * Private tutoring in a DM with the app, in one of the person's courses: chosen by prefix, by being
 * the only one, or by the last DM question; when still ambiguous, the person is asked with buttons.
 */
export async function answerInDm(
  ctx: SlackContext,
  client: webApi.WebClient,
  q: DmQuestion,
  log: Logger,
): Promise<void> {
  const actor = slackActor(q.teamId, q.userId);
  const reply = conversationReplier(client, { channel: q.channel, user: q.userId });
  const choice = await chooseDmCourse(ctx.deps.db, actor, q.text);
  if (choice.kind === "none") {
    return reply(
      noticeReply(
        "info",
        "You're not in a course yet. Ask a question in your class channel first (mention me there), or join your LMS or Clever account with `/studyhall link <code>` (the code is on your class page).",
      ),
    );
  }
  const question = askTutorInput.shape.question.parse(choice.question);
  if (choice.kind === "ask") {
    await client.chat.postMessage({ channel: q.channel, ...courseChooser(choice.courses, question) });
    return;
  }
  await answerForCourse(ctx, client, { ...q, text: question }, choice.course, choice.others, log);
}

/** Streams the answer to a DM question from `course`. */
export async function answerForCourse(
  ctx: SlackContext,
  client: webApi.WebClient,
  q: DmQuestion,
  course: CourseChoice,
  others: CourseChoice[],
  log: Logger,
): Promise<void> {
  const actor = slackActor(q.teamId, q.userId);
  const hint =
    others.length > 0 ? ` Start a message with \`${others[0]!.slug}:\` to ask another course.` : "";
  const header: types.ContextBlock[] = [
    { type: "context", elements: [{ type: "mrkdwn", text: `From *${escapeMrkdwn(course.name)}*.${hint}` }] },
  ];
  const { answer } = await streamAnswer(
    client,
    { channel: q.channel, header },
    (onDelta) =>
      askTutor(
        { actor, courseId: course.id, question: q.text, threadKey: dmThreadKey(q.teamId, q.userId) },
        ctx.deps.tutor,
        { onDelta },
      ),
    { intervalMs: ctx.updateIntervalMs, log },
  );
  log.info({ courseId: course.id, answered: answer.answered }, "answered in DM");
}

/** "Which course is this for?" with the question kept verbatim (plain text) and one button per course. */
export function courseChooser(
  courses: CourseChoice[],
  question: string,
): { text: string; blocks: types.KnownBlock[] } {
  return {
    text: "Which course is this question for?",
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: "Which course is this question for?" } },
      {
        type: "section",
        block_id: DM_QUESTION_BLOCK,
        text: { type: "plain_text", text: question, emoji: false },
      },
      {
        type: "actions",
        elements: courses.slice(0, 25).map((c) => ({
          type: "button" as const,
          text: { type: "plain_text" as const, text: truncate(c.name, 75) },
          action_id: `sh:dm-course:${c.id}`,
          value: c.id,
        })),
      },
    ],
  };
}
