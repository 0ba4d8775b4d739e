import { escapeMrkdwn } from "./slack-mrkdwn.ts";

// Slack cannot count down by itself: the game message shows the time left when it was rendered (the
// quiz board re-renders it every few seconds) and the deadline as a <!date> token, which every client
// shows in its own time zone.

const BAR_CELLS = 10;

/**
 * "⏱ Time left: *12 s* ▓▓▓▓▓▓░░░░ · ends <!date^1893499220^{time_secs}|12:00:20 UTC>" for a deadline
 * `endsAt` (ISO 8601) seen at `now` (epoch ms).
 */
export function countdownText(
  block: { label: string; endsAt: string; totalSeconds: number },
  now: number,
): string {
  const ends = Date.parse(block.endsAt);
  const label = escapeMrkdwn(block.label);
  if (!Number.isFinite(ends)) return `⏱ ${label}`;
  const left = Math.max(0, Math.ceil((ends - now) / 1000));
  const share = block.totalSeconds > 0 ? Math.min(1, left / block.totalSeconds) : 0;
  const filled = Math.round(share * BAR_CELLS);
  const bar = "▓".repeat(filled) + "░".repeat(BAR_CELLS - filled);
  const epoch = Math.floor(ends / 1000);
  const fallback = `${new Date(ends).toISOString().slice(11, 19)} UTC`;
  const deadline = `<!date^${epoch}^{time_secs}|${fallback}>`;
  if (left === 0) return `⏱ ${label}: *time is up* · ended ${deadline}`;
  return `⏱ ${label}: *${formatSeconds(left)}* ${bar} · ends ${deadline}`;
}

/** "45 s", "12 min", "3 h", "2 days": the largest unit that keeps the number readable. */
export function formatSeconds(seconds: number): string {
  if (seconds < 100) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 100) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}
