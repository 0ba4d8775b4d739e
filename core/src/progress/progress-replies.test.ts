import { describe, expect, it } from "vitest";
import type { Reply } from "../reply/reply.ts";
import type { HistoryView } from "./history.ts";
import type { LeaderboardView } from "./leaderboard.ts";
import { historyReply, leaderboardReply } from "./progress-replies.ts";

const text = (reply: Reply) =>
  reply.blocks.map((b) => (b.type === "text" || b.type === "notice" ? b.text : "")).join("\n");

const board = (over: Partial<LeaderboardView> = {}): LeaderboardView => ({
  course: { id: "c1", name: "Biology" },
  period: "week",
  since: "2026-12-07",
  rows: [
    { rank: 1, displayName: "Ada", xp: 1200, isYou: false },
    { rank: 1, displayName: "Ben", xp: 1200, isYou: true },
    { rank: 3, displayName: "Cy", xp: 40, isYou: false },
  ],
  you: { rank: 1, xp: 1200, hidden: false },
  ...over,
});

describe("leaderboardReply", () => {
  it("lists the places, the viewer in bold, privately", () => {
    const reply = leaderboardReply(board());
    expect(reply.visibility).toBe("private");
    expect(text(reply)).toContain("**Leaderboard of Biology**, this week (since Monday, Dec 7)");
    expect(text(reply)).toContain("1. Ada: 1,200 XP\n**1. Ben: 1,200 XP (you)**\n3. Cy: 40 XP");
    expect(text(reply)).toContain("You have 1,200 XP this week. `leaderboard hide` keeps your name off");
  });

  it("tells a viewer below the top places where they stand, in the front end's words", () => {
    const reply = leaderboardReply(
      board({
        period: "all",
        since: null,
        rows: board().rows.slice(0, 1),
        you: { rank: 14, xp: 3, hidden: false },
      }),
      {
        show: "/leaderboard show",
        hide: "/leaderboard hide",
      },
    );
    expect(text(reply)).toContain("all time");
    expect(text(reply)).toContain("You are in place 14 with 3 XP in this course. `/leaderboard hide`");
  });

  it("says when nobody is on the board, when the viewer is hidden, and that staff are not ranked", () => {
    expect(text(leaderboardReply(board({ rows: [], you: { rank: null, xp: 0, hidden: false } })))).toContain(
      "Nobody has earned XP this week yet.",
    );
    const hidden = leaderboardReply(board({ you: { rank: null, xp: 50, hidden: true } }));
    expect(hidden.blocks.at(-1)).toMatchObject({ type: "notice", tone: "info" });
    expect(text(hidden)).toContain("You are hidden from leaderboards");
    expect(text(hidden)).toContain("`leaderboard show` puts you back");
    expect(text(leaderboardReply(board({ you: { rank: null, xp: 30, hidden: false } })))).toContain(
      "Staff are not ranked",
    );
    expect(text(leaderboardReply(board({ you: { rank: null, xp: 0, hidden: false } })))).toContain(
      "You have no XP this week yet.",
    );
  });
});

describe("historyReply", () => {
  const view: HistoryView = {
    timeZone: "America/New_York",
    items: [
      {
        kind: "review",
        at: "2026-12-06T04:30:00.000Z",
        course: "Biology",
        title: "Flashcard review",
        score: "3 cards · 67% remembered",
      },
      {
        kind: "game",
        at: "2026-12-01T15:00:00.000Z",
        course: "Chemistry",
        title: "Bonds",
        score: "900 pts · 75% right",
      },
    ],
  };

  it("dates each item in the person's own zone and names the course when there are several", () => {
    const lines = text(historyReply(view));
    // 04:30 UTC on the 6th is still the 5th in New York.
    expect(lines).toContain("Dec 5 · Cards: **Flashcard review** (Biology): 3 cards · 67% remembered");
    expect(lines).toContain("Dec 1 · Live game: **Bonds** (Chemistry): 900 pts · 75% right");
    expect(lines).toContain("**Your history**\n");
  });

  it("names the one course once, and says plainly when there is nothing yet", () => {
    const one = text(historyReply({ ...view, items: view.items.slice(1) }));
    expect(one).toContain("**Your history** in Chemistry");
    expect(one).not.toContain("(Chemistry)");
    expect(text(historyReply({ items: [], timeZone: "UTC" }))).toContain("Nothing here yet");
  });
});
