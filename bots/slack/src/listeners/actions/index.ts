import type { App } from "@slack/bolt";
import { DM_COURSE_ACTION } from "../../flows/answer-in-dm.ts";
import {
  FEEDBACK_ACTION_PATTERN,
  NOTIFICATIONS_ACTION_PATTERN,
  OPEN_ACTION_PATTERN,
  QUIZ_ACTION_PATTERN,
  SESSION_ACTION_PATTERN,
  STUDY_ACTION_PATTERN,
} from "../../render/action-codec.ts";
import type { SlackContext } from "../../slack-context.ts";
import { chooseDmCourse } from "./choose-dm-course.ts";
import { notificationsAction } from "./notifications-action.ts";
import { quizAction } from "./quiz-action.ts";
import { sessionAction } from "./session-action.ts";
import { studyAction } from "./study-action.ts";
import { tutorFeedback } from "./tutor-feedback.ts";

/**
 * Button clicks: answer votes, the DM course chooser, live quizzes, study tools, the inbox's "Mark all
 * read", study sessions' RSVPs and "I'm here", and link buttons (acked; Slack opens the URL).
 */
export function register(app: App, ctx: SlackContext): void {
  app.action(FEEDBACK_ACTION_PATTERN, tutorFeedback(ctx));
  app.action(DM_COURSE_ACTION, chooseDmCourse(ctx));
  app.action(QUIZ_ACTION_PATTERN, quizAction(ctx));
  app.action(STUDY_ACTION_PATTERN, studyAction(ctx));
  app.action(NOTIFICATIONS_ACTION_PATTERN, notificationsAction(ctx));
  app.action(SESSION_ACTION_PATTERN, sessionAction(ctx));
  app.action(OPEN_ACTION_PATTERN, async ({ ack }) => {
    await ack();
  });
}
