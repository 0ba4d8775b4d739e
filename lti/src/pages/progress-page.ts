import type { HistoryView, LeaderboardPeriod, LeaderboardView, ProgressView, Reply } from "@studyhall/core";
import { html, type SafeHtml } from "./html.ts";
import { localTime } from "./local-time.ts";
import { hiddenFields, type PageContext, pageUrl } from "./page-context.ts";
import { type ProgressPageHead, progressCard, progressHeader, xpText } from "./progress-parts.ts";

/** The leaderboard as the viewer may see it, or the sentence saying why not (staff turned it off). */
export type LeaderboardShown = { board: LeaderboardView } | { refused: string };

export interface ProgressPageData extends Omit<ProgressPageHead, "current"> {
  view: ProgressView;
  /** Core's progress reply without the picture: the card in words, with its suggestion buttons. */
  fallback: Reply;
  period: LeaderboardPeriod;
  leaderboard: LeaderboardShown;
  history: HistoryView;
}

/** A person's own progress in the course: the card, the course leaderboard and their history. */
export function progressPage(data: ProgressPageData, ctx: PageContext): { title: string; body: SafeHtml } {
  const body = html`${progressHeader({ ...data, current: "mine" }, ctx)}
${progressCard(data.view, data.fallback, ctx, { buttons: true })}
${leaderboardSection(data, ctx)}
${historySection(data.history)}`;
  return { title: "Progress", body };
}

const PERIODS: Array<{ period: LeaderboardPeriod; label: string }> = [
  { period: "week", label: "This week" },
  { period: "all", label: "All time" },
];

function leaderboardSection(data: ProgressPageData, ctx: PageContext): SafeHtml {
  const shown = data.leaderboard;
  const content =
    "refused" in shown
      ? html`<p class="notice info" role="status">${shown.refused}</p>`
      : html`${periodNav(data.period, ctx)}${boardTable(shown.board)}${standing(shown.board, ctx)}`;
  return html`<section aria-labelledby="leaderboard-h" id="leaderboard"><h2 id="leaderboard-h">Leaderboard</h2>
${content}</section>`;
}

function periodNav(period: LeaderboardPeriod, ctx: PageContext): SafeHtml {
  const items = PERIODS.map(({ period: p, label }) =>
    p === period
      ? html`<li><a href="${pageUrl(ctx, "/progress", { period: p })}#leaderboard" aria-current="page">${label}</a></li>`
      : html`<li><a href="${pageUrl(ctx, "/progress", { period: p })}#leaderboard">${label}</a></li>`,
  );
  return html`<nav aria-label="Leaderboard period"><ul>${items}</ul></nav>`;
}

function boardTable(board: LeaderboardView): SafeHtml {
  const since = board.since ? html` since Monday ${board.since}` : "";
  if (board.rows.length === 0) return html`<p>Nobody has earned XP${since} yet.</p>`;
  const rows = board.rows.map(
    (r) =>
      html`<tr${r.isYou ? html` class="attention"` : ""}><td>${r.rank}</td><td>${r.displayName}${r.isYou ? " (you)" : ""}</td><td>${xpText(r.xp)}</td></tr>`,
  );
  return html`<table id="leaderboard-table"><caption class="muted">${board.period === "week" ? "XP this week" : "XP of all time"}${since}</caption>
<thead><tr><th scope="col">Rank</th><th scope="col">Name</th><th scope="col">XP</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

/** Where the viewer stands, and the button to leave the leaderboards or join them again. */
function standing(board: LeaderboardView, ctx: PageContext): SafeHtml {
  const { you } = board;
  const where = you.hidden
    ? "You are hidden from the leaderboards: classmates do not see you, and your XP still counts for you."
    : you.rank === null
      ? `You are not ranked yet (${xpText(you.xp)}).`
      : `You are number ${you.rank} with ${xpText(you.xp)}.`;
  const toggle = html`<form class="inline" method="post" action="${`${ctx.toolUrl}/progress/leaderboard`}">${hiddenFields(ctx)}<input type="hidden" name="hidden" value="${you.hidden ? "0" : "1"}"><button type="submit" class="secondary">${you.hidden ? "Show me on leaderboards" : "Hide me from leaderboards"}</button></form>`;
  return html`<p id="leaderboard-you">${where}</p><p>${toggle}</p>`;
}

const KIND_LABELS: Record<HistoryView["items"][number]["kind"], string> = {
  game: "Live quiz",
  practice: "Practice",
  review: "Flashcards",
  session: "Study session",
};

function historySection(history: HistoryView): SafeHtml {
  const rows = history.items.map(
    (item) =>
      html`<tr><td>${localTime(new Date(item.at))}</td><td>${KIND_LABELS[item.kind]}</td><td>${item.title}</td><td>${item.score}</td></tr>`,
  );
  const table = rows.length
    ? html`<table id="history-table"><thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Title</th><th scope="col">Score</th></tr></thead>
<tbody>${rows}</tbody></table>`
    : html`<p>Nothing yet: play a quiz, practise or review some cards, and it shows here.</p>`;
  return html`<section aria-labelledby="history-h" id="history"><h2 id="history-h">History</h2>
${table}</section>`;
}
