import type { types } from "@slack/bolt";
import type { SessionsCommand } from "@studyhall/core";
import { z } from "zod";
import { truncate } from "../render/slack-mrkdwn.ts";
import { SLACK_MAX_VIEW_ERROR } from "./modal-limits.ts";
import { readPrivateMetadata } from "./private-metadata.ts";

/** callback_id of the form `/studyhall session schedule` opens when nothing follows it. */
export const SESSION_SCHEDULE_CALLBACK_ID = "sh:session-schedule";
/** block_id and action_id of each input (the same string for both, as the other forms do). */
export const SESSION_FORM = {
  title: "title",
  date: "date",
  time: "time",
  minutes: "minutes",
  weekly: "weekly",
} as const;

/** The longest title the form takes (core refuses longer ones too; the box stops typing here). */
const MAX_TITLE = 100;
/** The form's choices of length, in minutes (core checks the range; a typed command may say others). */
const MINUTE_CHOICES = [30, 45, 60, 90, 120] as const;
const DEFAULT_MINUTES = 60;

const metadataSchema = z.object({ c: z.string().min(1).max(64) });

/** The form: title, a date picker, a time picker, the length and "every week". */
export function sessionScheduleModal(target: { channel: string }): types.ModalView {
  return {
    type: "modal",
    callback_id: SESSION_SCHEDULE_CALLBACK_ID,
    private_metadata: JSON.stringify({ c: target.channel } satisfies z.infer<typeof metadataSchema>),
    title: { type: "plain_text", text: "Schedule a session" },
    submit: { type: "plain_text", text: "Schedule" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      input(SESSION_FORM.title, "Title", {
        type: "plain_text_input",
        action_id: SESSION_FORM.title,
        max_length: MAX_TITLE,
        placeholder: { type: "plain_text", text: "Week 3 review" },
      }),
      input(SESSION_FORM.date, "Day", { type: "datepicker", action_id: SESSION_FORM.date }),
      input(SESSION_FORM.time, "Start (your time zone)", {
        type: "timepicker",
        action_id: SESSION_FORM.time,
      }),
      input(SESSION_FORM.minutes, "Length", {
        type: "static_select",
        action_id: SESSION_FORM.minutes,
        options: MINUTE_CHOICES.map(minutesOption),
        initial_option: minutesOption(DEFAULT_MINUTES),
      }),
      {
        ...input(SESSION_FORM.weekly, "Repeat", {
          type: "checkboxes",
          action_id: SESSION_FORM.weekly,
          options: [{ text: { type: "plain_text", text: "Every week at this time" }, value: "weekly" }],
        }),
        optional: true,
      },
    ],
  };
}

function input(blockId: string, label: string, element: types.InputBlock["element"]): types.InputBlock {
  return { type: "input", block_id: blockId, label: { type: "plain_text", text: label }, element };
}

function minutesOption(minutes: number): types.PlainTextOption {
  return { text: { type: "plain_text", text: `${minutes} minutes` }, value: String(minutes) };
}

export type SessionScheduleSubmission =
  | { ok: true; channel: string; command: Extract<SessionsCommand, { name: "schedule" }> }
  | { ok: false; errors: Record<string, string> };

const stateSchema = z.object({
  title: z.object({ value: z.string().nullable().optional() }),
  date: z.object({ selected_date: z.string().nullable().optional() }),
  time: z.object({ selected_time: z.string().nullable().optional() }),
  minutes: z.object({ selected_option: z.object({ value: z.string() }).nullable().optional() }),
  weekly: z.object({ selected_options: z.array(z.object({ value: z.string() })).optional() }),
});

/**
 * The form read into the same schedule command the typed one gives (`when` = "YYYY-MM-DD HH:MM", which
 * core reads in the person's zone), or messages for the inputs left empty. Whether the time is ahead,
 * and who may schedule, are core's to say.
 */
export function parseSessionScheduleSubmission(
  values: Record<string, Record<string, unknown>>,
  privateMetadata: string | undefined,
): SessionScheduleSubmission {
  const meta = readPrivateMetadata(metadataSchema, privateMetadata);
  if (!meta.success)
    return sessionFormError(
      SESSION_FORM.title,
      "This form is out of date. Close it and run the command again.",
    );
  const field = <K extends keyof typeof SESSION_FORM>(key: K) =>
    values[SESSION_FORM[key]]?.[SESSION_FORM[key]] ?? {};
  const state = stateSchema.safeParse({
    title: field("title"),
    date: field("date"),
    time: field("time"),
    minutes: field("minutes"),
    weekly: field("weekly"),
  });
  if (!state.success) return sessionFormError(SESSION_FORM.title, "Something went wrong. Try again.");
  const title = state.data.title.value?.trim() ?? "";
  const date = state.data.date.selected_date ?? "";
  const time = state.data.time.selected_time ?? "";
  if (!title) return sessionFormError(SESSION_FORM.title, "Give the session a title.");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return sessionFormError(SESSION_FORM.date, "Choose a day.");
  if (!/^\d{2}:\d{2}$/.test(time)) return sessionFormError(SESSION_FORM.time, "Choose a start time.");
  const minutes = Number(state.data.minutes.selected_option?.value ?? DEFAULT_MINUTES);
  const weekly = (state.data.weekly.selected_options ?? []).some((o) => o.value === "weekly");
  return {
    ok: true,
    channel: meta.data.c,
    command: { name: "schedule", title, when: `${date} ${time}`, minutes, weekly },
  };
}

/** An error shown under one input of the form. */
export function sessionFormError(
  block: string,
  message: string,
): { ok: false; errors: Record<string, string> } {
  return { ok: false, errors: { [block]: truncate(message, SLACK_MAX_VIEW_ERROR) } };
}
