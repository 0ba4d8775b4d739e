// The leaderboard and history as neutral replies, one wording for every front end. Both are private:
// a leaderboard names classmates, and only to the person who asked.

import type { Reply, ReplyBlock } from "../reply/reply.ts";
import { localDateOf } from "../time/local-time.ts";
import { formatNumber, shortDate } from "./card/card-text.ts";
import type { HistoryItem, HistoryView } from "./history.ts";
import type { LeaderboardView } from "./leaderboard.ts";

/** How the front end words the leaderboard's show/hide choice, e.g. "/studyhall leaderboard show". */
export interface LeaderboardReplyCommands {
  show: string;
  hide: string;
}

const DEFAULT_COMMANDS: LeaderboardReplyCommands = { show: "leaderboard show", hide: "leaderboard hide" };

const KIND_LABELS: Record<HistoryItem["kind"], string> = {
  game: "Live game",
  practice: "Practice",
  review: "Cards",
  session: "Study session",
};

/**
 * A course leaderboard: the top places (the viewer's own row in bold), then where the viewer stands,
 * and how to hide from or come back to leaderboards.
 */
export function leaderboardReply(
  view: LeaderboardView,
  commands: LeaderboardReplyCommands = DEFAULT_COMMANDS,
): Reply {
  const when = view.since ? `this week (since Monday, ${shortDate(view.since)})` : "all time";
  const blocks: ReplyBlock[] = [{ type: "text", text: `**Leaderboard of ${view.course.name}**, ${when}` }];
  if (view.rows.length === 0) {
    blocks.push({
      type: "text",
      text:
        view.period === "week"
          ? "Nobody has earned XP this week yet. Answer quiz questions, practise or review cards to be the first."
          : "Nobody has earned XP in this course yet. Answer quiz questions, practise or review cards to be the first.",
    });
  } else {
    const lines = view.rows.map((row) => {
      const line = `${row.rank}. ${row.displayName}: ${formatNumber(row.xp)} XP`;
      return row.isYou ? `**${line} (you)**` : line;
    });
    blocks.push({ type: "text", text: lines.join("\n") });
  }
  blocks.push(standing(view, commands));
  return { visibility: "private", blocks };
}

function standing(view: LeaderboardView, commands: LeaderboardReplyCommands): ReplyBlock {
  const { you } = view;
  const xp = `${formatNumber(you.xp)} XP ${view.period === "week" ? "this week" : "in this course"}`;
  if (you.hidden)
    return {
      type: "notice",
      tone: "info",
      text: `You are hidden from leaderboards, so classmates do not see your name (you have ${xp}). \`${commands.show}\` puts you back.`,
    };
  const hide = `\`${commands.hide}\` keeps your name off every leaderboard.`;
  if (you.rank !== null) {
    const shown = view.rows.some((r) => r.isYou);
    const place = shown ? `You have ${xp}.` : `You are in place ${you.rank} with ${xp}.`;
    return { type: "text", text: `${place} ${hide}` };
  }
  // Not ranked but with XP: staff, who earn XP but are not ranked against their students.
  if (you.xp > 0) return { type: "text", text: `Staff are not ranked; you have ${xp}.` };
  return {
    type: "text",
    text: `You have no XP ${view.period === "week" ? "this week" : "in this course"} yet. ${hide}`,
  };
}

/** The person's history, newest first: one line each with the date in their time zone and the score. */
export function historyReply(view: HistoryView): Reply {
  if (view.items.length === 0)
    return {
      visibility: "private",
      blocks: [
        {
          type: "text",
          text: "Nothing here yet. Your live games, practice runs and card reviews will be listed here, with how they went.",
        },
      ],
    };
  const courses = new Set(view.items.map((i) => i.course));
  const lines = view.items.map((item) => {
    const day = shortDate(localDateOf(new Date(item.at), view.timeZone));
    const where = courses.size > 1 ? ` (${item.course})` : "";
    return `${day} · ${KIND_LABELS[item.kind]}: **${item.title}**${where}: ${item.score}`;
  });
  return {
    visibility: "private",
    blocks: [
      { type: "text", text: `**Your history**${courses.size === 1 ? ` in ${[...courses][0]}` : ""}` },
      { type: "text", text: lines.join("\n") },
    ],
  };
}
