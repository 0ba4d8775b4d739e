/**
 * When a limit gives back, in words every front end can show as is: "at 14:05 UTC (in 12 minutes)",
 * "at 09:30 UTC tomorrow (in 8 hours 3 minutes)". Chats cannot know a reader's time zone, so the clock
 * time is UTC and the wait beside it is what a reader acts on; the LMS page also shows `at` in local time.
 */
export function describeReset(at: Date, now: Date): string {
  const clock = `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())} UTC`;
  const day = dayDifference(at, now);
  const when =
    day === 0 ? clock : day === 1 ? `${clock} tomorrow` : `${clock} on ${at.toISOString().slice(0, 10)}`;
  return `at ${when} (${describeWait(at.getTime() - now.getTime())})`;
}

/** "in 12 minutes", "in 1 hour 5 minutes", "in 3 hours"; a wait under a minute reads "in 1 minute". */
export function describeWait(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const parts = [
    ...(hours > 0 ? [`${hours} ${hours === 1 ? "hour" : "hours"}`] : []),
    ...(rest > 0 ? [`${rest} ${rest === 1 ? "minute" : "minutes"}`] : []),
  ];
  return `in ${parts.join(" ")}`;
}

function dayDifference(at: Date, now: Date): number {
  const day = (d: Date) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return Math.round((day(at) - day(now)) / 86_400_000);
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
