import type { App } from "@slack/bolt";
import type { SlackContext } from "../../slack-context.ts";
import { DECK_IMPORT_CALLBACK_ID } from "../../views/deck-import-modal.ts";
import { PRACTICE_ANSWER_CALLBACK_ID } from "../../views/practice-answer-modal.ts";
import { PREFS_CALLBACK_ID } from "../../views/prefs-modal.ts";
import { QUIZ_ANSWER_CALLBACK_ID } from "../../views/quiz-answer-modal.ts";
import { QUIZ_WRITE_CALLBACK_ID } from "../../views/quiz-write-modal.ts";
import { SESSION_SCHEDULE_CALLBACK_ID } from "../../views/session-schedule-modal.ts";
import { SETTINGS_CALLBACK_ID } from "../../views/settings-modal.ts";
import { WRITING_CALLBACK_ID } from "../../views/writing-modal.ts";
import { deckImportSubmitted } from "./deck-import-submitted.ts";
import { practiceAnswerSubmitted } from "./practice-answer-submitted.ts";
import { prefsSubmitted } from "./prefs-submitted.ts";
import { quizAnswerSubmitted } from "./quiz-answer-submitted.ts";
import { quizWriteSubmitted } from "./quiz-write-submitted.ts";
import { sessionScheduleSubmitted } from "./session-schedule-submitted.ts";
import { settingsSubmitted } from "./settings-submitted.ts";
import { writingSubmitted } from "./writing-submitted.ts";

/**
 * Modal submissions: learning preferences, a quiz answer, the course settings, a quiz written in chat,
 * the study forms (a practice answer, writing, pasted cards) and the study session schedule form.
 */
export function register(app: App, ctx: SlackContext): void {
  app.view(PREFS_CALLBACK_ID, prefsSubmitted(ctx));
  app.view(QUIZ_ANSWER_CALLBACK_ID, quizAnswerSubmitted(ctx));
  app.view(SETTINGS_CALLBACK_ID, settingsSubmitted(ctx));
  app.view(QUIZ_WRITE_CALLBACK_ID, quizWriteSubmitted(ctx));
  app.view(PRACTICE_ANSWER_CALLBACK_ID, practiceAnswerSubmitted(ctx));
  app.view(WRITING_CALLBACK_ID, writingSubmitted(ctx));
  app.view(DECK_IMPORT_CALLBACK_ID, deckImportSubmitted(ctx));
  app.view(SESSION_SCHEDULE_CALLBACK_ID, sessionScheduleSubmitted(ctx));
}
