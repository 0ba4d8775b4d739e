const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * A session's moment as people read it, in a given zone: "Thu 10 Dec, 18:00 (America/Chicago)". Every
 * front end shows this where it cannot show each reader's own zone itself.
 */
export function formatSessionTime(at: Date, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      weekday: "short",
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.weekday} ${parts.day} ${parts.month}, ${parts.hour}:${parts.minute} (${timeZone})`;
}
