import { AppError, ErrorCode, isQuizAction, isStudyAction, type Logger } from "@studyhall/core";
import { DiscordAPIError, type Interaction, MessageFlags } from "discord.js";
import type { BotContext } from "../bot-context.ts";
import { toDiscordError } from "../errors/to-discord-error.ts";
import { decodeAction } from "../render/action-codec.ts";
import { toDiscordMessages } from "../render/to-discord-messages.ts";
import { linkCommand } from "./account-commands.ts";
import { askCommand } from "./ask-command.ts";
import { answerAutocomplete } from "./autocomplete.ts";
import { codeCommand } from "./code-command.ts";
import { type CommandHandler, InteractionScope } from "./command-scope.ts";
import { courseCommand } from "./course-command.ts";
import { feedbackButton } from "./feedback-button.ts";
import { helpCommand } from "./help-command.ts";
import { materialsCommand } from "./materials-command.ts";
import { notificationsButton, notificationsCommand } from "./notifications/notifications-command.ts";
import { policyCommand } from "./policy-command.ts";
import { prefsCommand, prefsModalSubmit } from "./prefs-command.ts";
import { progressCommand } from "./progress/progress-command.ts";
import { quizButton } from "./quiz-buttons.ts";
import { quizCommand } from "./quiz-command.ts";
import { quizModalSubmit, quizSelectSubmit } from "./quiz-forms.ts";
import { QUIZ_WRITE_MODAL_ID, quizWriteSubmit } from "./quiz-write-form.ts";
import { isSessionAction, sessionButton } from "./sessions/session-buttons.ts";
import { SESSION_SCHEDULE_FORM_ID, scheduleFormSubmit } from "./sessions/session-schedule-form.ts";
import { sessionsCommand } from "./sessions/sessions-command.ts";
import { settingsCommand } from "./settings-command.ts";
import { setupCommand } from "./setup-command.ts";
import { staffCommand } from "./staff-command.ts";
import { studyButton } from "./study/study-buttons.ts";
import { studyCommand } from "./study/study-command.ts";
import { practiceFormSubmit, writingFormSubmit } from "./study/study-forms.ts";
import { unlinkCommand } from "./unlink-command.ts";

const COMMANDS: Record<string, CommandHandler> = {
  ask: askCommand,
  setup: setupCommand,
  unlink: unlinkCommand,
  code: codeCommand,
  staff: staffCommand,
  course: courseCommand,
  materials: materialsCommand,
  policy: policyCommand,
  settings: settingsCommand,
  quiz: quizCommand,
  prefs: prefsCommand,
  link: linkCommand,
  me: progressCommand,
  leaderboard: progressCommand,
  history: progressCommand,
  notifications: notificationsCommand,
  session: sessionsCommand,
  calendar: sessionsCommand,
  help: helpCommand,
  cards: studyCommand,
  practice: studyCommand,
  guide: studyCommand,
  writing: studyCommand,
};

/** Discord error codes meaning another process answered this interaction, or it is too late to. */
const ALREADY_HANDLED = new Set([40060, 10062]);

/** Routes one interaction to its handler; every failure ends as a private message to the person. */
export async function routeInteraction(ctx: BotContext, interaction: Interaction): Promise<void> {
  const log = ctx.logger.child({
    tenant: interaction.guildId ?? "dm",
    interactionId: interaction.id,
    userId: interaction.user.id,
  });
  if (interaction.isAutocomplete()) {
    await answerAutocomplete(ctx, interaction, log);
    return;
  }
  if (!interaction.isRepliable()) return;
  const scope = new InteractionScope(ctx, interaction, log);
  try {
    if (interaction.isChatInputCommand()) {
      const handler = COMMANDS[interaction.commandName];
      if (!handler) {
        throw new AppError(ErrorCode.NotFound, `unknown command ${interaction.commandName}`, {
          userMessage: "StudyHall does not know that command. Try /help.",
        });
      }
      log.debug({ command: interaction.commandName }, "command");
      await handler(scope as InteractionScope<typeof interaction>);
    } else if (interaction.isButton()) {
      const action = decodeAction(interaction.customId);
      if (action && isQuizAction(action))
        await quizButton(scope as InteractionScope<typeof interaction>, action);
      else if (action && isStudyAction(action))
        await studyButton(scope as InteractionScope<typeof interaction>, action);
      else if (action?.kind === "notifications.read")
        await notificationsButton(scope as InteractionScope<typeof interaction>, action);
      else if (action && isSessionAction(action))
        await sessionButton(scope as InteractionScope<typeof interaction>, action);
      else await feedbackButton(scope as InteractionScope<typeof interaction>);
    } else if (interaction.isStringSelectMenu()) {
      const action = decodeAction(interaction.customId);
      if (action?.kind !== "quiz.respond") throw unknownComponent(interaction.customId);
      await quizSelectSubmit(scope as InteractionScope<typeof interaction>, action);
    } else if (interaction.isModalSubmit()) {
      const action = decodeAction(interaction.customId);
      if (action?.kind === "quiz.respond")
        await quizModalSubmit(scope as InteractionScope<typeof interaction>, action);
      else if (action?.kind === "practice.respond")
        await practiceFormSubmit(scope as InteractionScope<typeof interaction>, action);
      else if (action?.kind === "writing.open")
        await writingFormSubmit(scope as InteractionScope<typeof interaction>, action);
      else if (interaction.customId === QUIZ_WRITE_MODAL_ID)
        await quizWriteSubmit(scope as InteractionScope<typeof interaction>);
      else if (interaction.customId === SESSION_SCHEDULE_FORM_ID)
        await scheduleFormSubmit(scope as InteractionScope<typeof interaction>);
      else await prefsModalSubmit(scope as InteractionScope<typeof interaction>);
    }
  } catch (error) {
    await deliverError(scope, error, log);
  } finally {
    scope.releaseWork();
  }
}

function unknownComponent(customId: string): AppError {
  return new AppError(ErrorCode.NotFound, `unknown component ${customId}`, {
    userMessage: "That menu no longer works.",
  });
}

async function deliverError(scope: InteractionScope, error: unknown, log: Logger): Promise<void> {
  if (error instanceof DiscordAPIError && ALREADY_HANDLED.has(Number(error.code)) && !scope.reply) {
    log.info({ discordCode: error.code }, "interaction already acknowledged elsewhere or expired");
    return;
  }
  const [message] = toDiscordMessages(toDiscordError(error, log));
  try {
    if (scope.reply && scope.errorsAsFollowUp) {
      await scope.reply.followUp({ ...message!, flags: MessageFlags.Ephemeral });
    } else if (scope.reply?.ephemeral) {
      await scope.reply.edit(message!);
    } else if (scope.reply) {
      // The deferred reply is public: replace it by a message only the person sees.
      await scope.reply.deleteOriginal();
      await scope.reply.followUp({ ...message!, flags: MessageFlags.Ephemeral });
    } else if (!scope.interaction.replied && !scope.interaction.deferred) {
      await scope.interaction.reply({
        content: message!.content,
        flags: MessageFlags.Ephemeral,
        allowedMentions: { parse: [] },
      });
    }
  } catch (deliveryError) {
    log.warn({ err: deliveryError }, "could not show the error to the person");
  }
}
