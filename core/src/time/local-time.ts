// Wall-clock arithmetic in an IANA time zone with Intl alone (no time-zone library): what a person
// means by "5 pm" and "today" where they live, across daylight-saving changes.

/** A calendar day in a time zone. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of `instant` in `timeZone`. */
export function localParts(instant: Date, timeZone: string): LocalDate & { hour: number; minute: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
  };
}

/** Milliseconds the zone is ahead of UTC at `instant` (negative west of Greenwich). */
function offsetMs(instant: Date, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const seconds = instant.getUTCSeconds();
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, seconds);
  return wall - (instant.getTime() - instant.getUTCMilliseconds());
}

/**
 * The instant the clocks in `timeZone` show `hour`:`minute` (00 unless given) on `date`. An hour skipped by a spring-forward
 * change (2 am in New York in March) becomes the first hour after the change; an hour repeated in the
 * autumn is its first occurrence.
 */
export function atLocalHour(date: LocalDate, hour: number, timeZone: string, minute = 0): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  const first = wall - offsetMs(new Date(wall), timeZone);
  const second = wall - offsetMs(new Date(first), timeZone);
  // Both guesses agree except across a change; the earlier one that shows the right day and hour
  // (or, in a skipped hour, the later one) is the answer.
  const candidates = [Math.min(first, second), Math.max(first, second)];
  for (const c of candidates) {
    const p = localParts(new Date(c), timeZone);
    if (p.hour === hour && p.day === date.day) return new Date(c);
  }
  return new Date(Math.max(first, second));
}

/** The day after `date` (calendar arithmetic, no time zone involved). */
export function nextLocalDate(date: LocalDate, days = 1): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** "2027-03-14". */
export function formatLocalDate(date: LocalDate): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
}

/** The person's calendar day at `instant` where they live, as "2027-03-14". */
export function localDateOf(instant: Date, timeZone: string): string {
  return formatLocalDate(localParts(instant, timeZone));
}

/** "2027-03-14" -> its fields; the inverse of {@link formatLocalDate}. */
export function parseLocalDate(date: string): LocalDate {
  const [year = 0, month = 0, day = 0] = date.split("-").map(Number);
  return { year, month, day };
}

/** `date` moved by `days` calendar days ("2027-03-14", -1 -> "2027-03-13"). */
export function addLocalDays(date: string, days: number): string {
  return formatLocalDate(nextLocalDate(parseLocalDate(date), days));
}
