import { describe, expect, it } from "vitest";
import {
  parseSessionScheduleSubmission,
  SESSION_FORM,
  sessionScheduleModal,
} from "./session-schedule-modal.ts";

const values = (fields: {
  title?: string;
  date?: string | null;
  time?: string | null;
  minutes?: string;
  weekly?: boolean;
}) => ({
  [SESSION_FORM.title]: {
    [SESSION_FORM.title]: { type: "plain_text_input", value: fields.title ?? "Week 3 review" },
  },
  [SESSION_FORM.date]: { [SESSION_FORM.date]: { type: "datepicker", selected_date: fields.date ?? null } },
  [SESSION_FORM.time]: { [SESSION_FORM.time]: { type: "timepicker", selected_time: fields.time ?? null } },
  [SESSION_FORM.minutes]: {
    [SESSION_FORM.minutes]: { type: "static_select", selected_option: { value: fields.minutes ?? "60" } },
  },
  [SESSION_FORM.weekly]: {
    [SESSION_FORM.weekly]: {
      type: "checkboxes",
      selected_options: fields.weekly ? [{ value: "weekly" }] : [],
    },
  },
});

describe("the session schedule form", () => {
  const metadata = sessionScheduleModal({ channel: "C0BIO" }).private_metadata;

  it("becomes the schedule command the typed one gives, with when as YYYY-MM-DD HH:MM", () => {
    expect(
      parseSessionScheduleSubmission(
        values({ date: "2026-12-10", time: "18:00", minutes: "90", weekly: true }),
        metadata,
      ),
    ).toEqual({
      ok: true,
      channel: "C0BIO",
      command: {
        name: "schedule",
        title: "Week 3 review",
        when: "2026-12-10 18:00",
        minutes: 90,
        weekly: true,
      },
    });
    expect(
      parseSessionScheduleSubmission(values({ date: "2026-12-10", time: "07:05" }), metadata),
    ).toMatchObject({
      command: { when: "2026-12-10 07:05", minutes: 60, weekly: false },
    });
  });

  it("names the input left empty, and refuses a form from another release", () => {
    expect(
      parseSessionScheduleSubmission(values({ title: "  ", date: "2026-12-10", time: "18:00" }), metadata),
    ).toEqual({
      ok: false,
      errors: { [SESSION_FORM.title]: "Give the session a title." },
    });
    expect(parseSessionScheduleSubmission(values({ time: "18:00" }), metadata)).toMatchObject({
      errors: { [SESSION_FORM.date]: "Choose a day." },
    });
    expect(parseSessionScheduleSubmission(values({ date: "2026-12-10" }), metadata)).toMatchObject({
      errors: { [SESSION_FORM.time]: "Choose a start time." },
    });
    expect(
      parseSessionScheduleSubmission(values({ date: "2026-12-10", time: "18:00" }), "not json"),
    ).toMatchObject({
      ok: false,
    });
  });
});
