import { AppError, ErrorCode, type SessionsCommand } from "@studyhall/core";
import {
  LabelBuilder,
  ModalBuilder,
  type ModalSubmitInteraction,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
} from "discord.js";
import { z } from "zod";
import type { CommandScope, InteractionScope } from "../command-scope.ts";
import { runInPlace } from "./sessions-command.ts";

/** The schedule form's custom id (the form carries no action: its fields say everything). */
export const SESSION_SCHEDULE_FORM_ID = "sh:ss:form";
/** The form's fields. */
export const SCHEDULE_FIELDS = {
  title: "title",
  when: "when",
  minutes: "minutes",
  weekly: "weekly",
} as const;
const MAX_TITLE = 100;
const MAX_WHEN = 60;

/** `/session schedule` without a title or a time: the form, as Discord's first answer to the command. */
export async function openScheduleForm(scope: CommandScope, title: string | null): Promise<void> {
  const titleInput = new TextInputBuilder()
    .setCustomId(SCHEDULE_FIELDS.title)
    .setStyle(TextInputStyle.Short)
    .setRequired(true)
    .setMaxLength(MAX_TITLE)
    .setPlaceholder("Week 3 review");
  if (title) titleInput.setValue(title.slice(0, MAX_TITLE));
  const modal = new ModalBuilder()
    .setCustomId(SESSION_SCHEDULE_FORM_ID)
    .setTitle("Schedule a study session")
    .addLabelComponents(
      new LabelBuilder().setLabel("Title").setTextInputComponent(titleInput),
      new LabelBuilder()
        .setLabel("When (your time zone)")
        .setDescription('A weekday and time, "thu 18:00", or a date, "2026-12-10 18:00"')
        .setTextInputComponent(
          new TextInputBuilder()
            .setCustomId(SCHEDULE_FIELDS.when)
            .setStyle(TextInputStyle.Short)
            .setRequired(true)
            .setMaxLength(MAX_WHEN)
            .setPlaceholder("thu 18:00"),
        ),
      new LabelBuilder()
        .setLabel("Minutes")
        .setTextInputComponent(
          new TextInputBuilder()
            .setCustomId(SCHEDULE_FIELDS.minutes)
            .setStyle(TextInputStyle.Short)
            .setRequired(false)
            .setMaxLength(4)
            .setPlaceholder("60"),
        ),
      new LabelBuilder()
        .setLabel("Every week?")
        .setStringSelectMenuComponent(
          new StringSelectMenuBuilder()
            .setCustomId(SCHEDULE_FIELDS.weekly)
            .setRequired(false)
            .setMinValues(0)
            .setMaxValues(1)
            .addOptions({ label: "Once", value: "no" }, { label: "Every week", value: "yes" }),
        ),
    );
  await scope.interaction.showModal(modal);
}

const minutesField = z
  .string()
  .trim()
  .regex(/^\d*$/, "Minutes are a whole number, like 60.")
  .transform((s) => (s === "" ? undefined : Number(s)));

/** The schedule form submitted: the same schedule command the slash command's options make. */
export async function scheduleFormSubmit(scope: InteractionScope<ModalSubmitInteraction>): Promise<void> {
  const { fields } = scope.interaction;
  const minutes = minutesField.safeParse(fields.getTextInputValue(SCHEDULE_FIELDS.minutes) ?? "");
  if (!minutes.success) {
    throw new AppError(ErrorCode.InvalidInput, "schedule form: minutes not a number", {
      userMessage: "Minutes are a whole number, like 60. Run `/session schedule` again.",
    });
  }
  const weekly = fields.getStringSelectValues(SCHEDULE_FIELDS.weekly)[0];
  const command: SessionsCommand = {
    name: "schedule",
    title: fields.getTextInputValue(SCHEDULE_FIELDS.title).trim(),
    when: fields.getTextInputValue(SCHEDULE_FIELDS.when).trim(),
    ...(minutes.data !== undefined ? { minutes: minutes.data } : {}),
    ...(weekly ? { weekly: weekly === "yes" } : {}),
  };
  await runInPlace(scope, command);
}
