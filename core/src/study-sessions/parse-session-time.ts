// What people type for "when": a weekday or today/tomorrow or a date, then a time. Read in the person's
// own time zone, so "thu 18:00" is six in the evening where they live, stored as UTC.

import { AppError, ErrorCode } from "../errors/app-error.ts";
import { atLocalHour, type LocalDate, localParts, nextLocalDate } from "../time/local-time.ts";

/** The formats the schedule command reads, for its refusals and help. */
export const SESSION_TIME_FORMATS = "“thu 18:00”, “tomorrow 9:30am” or “2026-12-10 18:00”";

const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

/**
 * The instant `text` means in `timeZone`, seen from `now`: "thu 18:00" (the next Thursday at 18:00, today
 * when it is Thursday and 18:00 is still ahead), "today 6pm", "tomorrow 9:30am", "2026-12-10 18:00".
 * Refuses text it cannot read (naming the formats that work) and a time already past.
 */
export function parseSessionTime(text: string, options: { timeZone: string; now: Date }): Date {
  const { timeZone, now } = options;
  const words = text
    .trim()
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/^(\d{4}-\d{2}-\d{2})t/, "$1 ");
  const match = /^(\S+) (\d{1,2})(?::(\d{2}))? ?(am|pm)?$/.exec(words);
  const day = match ? dayOf(match[1] ?? "", timeZone, now) : null;
  const time = match ? timeOf(match[2] ?? "", match[3], match[4]) : null;
  if (!match || !day || !time) throw unreadable(text);
  let at = atLocalHour(day.date, time.hour, timeZone, time.minute);
  // A bare weekday means its next occurrence: this week's when still ahead, else next week's.
  if (day.weekday && at.getTime() <= now.getTime()) {
    at = atLocalHour(nextLocalDate(day.date, 7), time.hour, timeZone, time.minute);
  }
  if (at.getTime() <= now.getTime()) {
    throw new AppError(ErrorCode.InvalidInput, "session time in the past", {
      userMessage: `That time has already passed (${text.trim()}). Choose a time in the future, e.g. ${SESSION_TIME_FORMATS}.`,
      details: { text, at: at.toISOString() },
    });
  }
  return at;
}

function unreadable(text: string): AppError {
  return new AppError(ErrorCode.InvalidInput, "unreadable session time", {
    userMessage: `I could not read “${text.trim().slice(0, 60)}” as a day and a time. Write it like ${SESSION_TIME_FORMATS} (24-hour or am/pm, in your own time zone).`,
    details: { text: text.slice(0, 200) },
  });
}

function dayOf(word: string, timeZone: string, now: Date): { date: LocalDate; weekday: boolean } | null {
  const today = localParts(now, timeZone);
  const todayDate = { year: today.year, month: today.month, day: today.day };
  if (word === "today") return { date: todayDate, weekday: false };
  if (word === "tomorrow") return { date: nextLocalDate(todayDate), weekday: false };
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(word);
  if (iso) {
    const date = { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
    const check = new Date(Date.UTC(date.year, date.month - 1, date.day));
    if (check.getUTCMonth() !== date.month - 1 || check.getUTCDate() !== date.day) return null;
    return { date, weekday: false };
  }
  const index = WEEKDAYS.findIndex((d) => word.length >= 3 && `${d}${restOf(d)}`.startsWith(word));
  if (index < 0) return null;
  const todayIndex = new Date(Date.UTC(today.year, today.month - 1, today.day)).getUTCDay();
  return { date: nextLocalDate(todayDate, (index - todayIndex + 7) % 7), weekday: true };
}

/** The rest of each weekday's name, so "thu", "thur", "thurs" and "thursday" all read. */
function restOf(short: (typeof WEEKDAYS)[number]): string {
  return { sun: "day", mon: "day", tue: "sday", wed: "nesday", thu: "rsday", fri: "day", sat: "urday" }[
    short
  ];
}

function timeOf(
  hourText: string,
  minuteText: string | undefined,
  meridiem: string | undefined,
): { hour: number; minute: number } | null {
  let hour = Number(hourText);
  const minute = minuteText === undefined ? 0 : Number(minuteText);
  if (minute > 59) return null;
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem === "pm" ? 12 : 0);
  } else if (minuteText === undefined || hour > 23) {
    // "thu 18" is ambiguous enough to ask again; "thu 6pm" and "thu 18:00" are not.
    return null;
  }
  return { hour, minute };
}
