// When a person's next notification message may go: the one-a-minute pace, their quiet hours and,
// in digest mode, their daily digest hour. Pure: the caller passes the time and the settings.
import { atLocalHour, type LocalDate, localParts, nextLocalDate } from "../time/local-time.ts";

/** Never more than one chat message a minute per person; everything waiting goes in that one. */
export const NOTIFY_MIN_INTERVAL_MS = 60_000;

/**
 * How late a digest may still go out for its hour (a runner that was down, a job that ran late).
 * Past this, the digest waits for the next day's hour rather than arriving at an odd time.
 */
const DIGEST_GRACE_MS = 60 * 60_000;

export interface DeliveryTiming {
  now: Date;
  /** When the person's last notification message went out. */
  lastNotifiedAt: Date | null;
  /** IANA time zone of the person. */
  timeZone: string;
  /** Quiet hours [start, end) in local hours; they may wrap midnight (22 to 7); equal means none. */
  quietStartHour: number | null;
  quietEndHour: number | null;
  /** One message a day at `digestHour` (local) instead of a message per notification. */
  digest: boolean;
  digestHour: number;
}

/**
 * The earliest instant the person's next notification message may be sent: `now` when it may go at
 * once. Never sooner than a minute after the last one; a time inside quiet hours moves to their end;
 * in digest mode, the digest hour (moved out of quiet hours likewise) of a day whose digest has not
 * gone yet: today's when it is at most an hour past and nothing went since, otherwise the next one.
 */
export function nextDeliveryAt(input: DeliveryTiming): Date {
  const paced = input.lastNotifiedAt ? input.lastNotifiedAt.getTime() + NOTIFY_MIN_INTERVAL_MS : 0;
  const earliest = new Date(Math.max(input.now.getTime(), paced));
  if (!input.digest) return outOfQuietHours(earliest, input);
  const today = localParts(earliest, input.timeZone);
  // Yesterday too: quiet hours can push yesterday's digest past midnight into today.
  for (let offset = -1; offset <= 3; offset++) {
    const slot = digestSlot(nextLocalDate(today, offset), input);
    if (input.lastNotifiedAt && input.lastNotifiedAt.getTime() >= slot.getTime()) continue;
    if (slot.getTime() + DIGEST_GRACE_MS <= earliest.getTime()) continue;
    return slot.getTime() > earliest.getTime() ? slot : earliest;
  }
  // Unreachable with a valid zone (a digest slot exists every day); the paced time is a safe answer.
  return earliest;
}

/** The digest hour of `date`, or the end of quiet hours when it falls inside them. */
function digestSlot(date: LocalDate, timing: DeliveryTiming): Date {
  return outOfQuietHours(atLocalHour(date, timing.digestHour, timing.timeZone), timing);
}

/** `at` itself, or the end of the quiet hours it falls in (the next day's end when they wrap midnight). */
function outOfQuietHours(at: Date, timing: DeliveryTiming): Date {
  const { quietStartHour: start, quietEndHour: end, timeZone } = timing;
  if (start === null || end === null || start === end) return at;
  const local = localParts(at, timeZone);
  const hour = local.hour;
  if (start < end) return hour >= start && hour < end ? atLocalHour(local, end, timeZone) : at;
  if (hour >= start) return atLocalHour(nextLocalDate(local), end, timeZone);
  if (hour < end) return atLocalHour(local, end, timeZone);
  return at;
}
