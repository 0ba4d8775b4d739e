import { describe, expect, it } from "vitest";
import { autoTeamNames, balancedTeam, type PlayerTally, rankPlayers, rankTeams } from "./rank-players.ts";

const tally = (userId: string, score: number, team: string | null = null): PlayerTally => ({
  userId,
  displayName: userId,
  team,
  score,
  correct: 0,
  partial: 0,
  incorrect: 0,
  answered: 0,
  totalLatencyMs: 0,
  creditSum: 0,
  bestStreak: 0,
});

describe("rankPlayers", () => {
  it("orders by score and lets ties share a rank", () => {
    const ranked = rankPlayers([tally("cy", 500), tally("al", 900), tally("bo", 900), tally("di", 100)]);
    expect(ranked.map((r) => [r.userId, r.rank])).toEqual([
      ["al", 1],
      ["bo", 1],
      ["cy", 3],
      ["di", 4],
    ]);
  });
});

describe("rankTeams", () => {
  it("scores a team by its members' average so team size gives no edge", () => {
    const teams = rankTeams([
      tally("a", 1000, "Red"),
      tally("b", 0, "Red"),
      tally("c", 600, "Blue"),
      tally("d", null as never),
    ]);
    expect(teams).toEqual([
      { team: "Blue", members: 1, score: 600, rank: 1 },
      { team: "Red", members: 2, score: 500, rank: 2 },
    ]);
  });
});

describe("balancedTeam", () => {
  it("picks the smallest team, the first of equals", () => {
    const names = autoTeamNames(3);
    expect(names).toEqual(["Team Red", "Team Blue", "Team Green"]);
    expect(balancedTeam(names, new Map())).toBe("Team Red");
    expect(
      balancedTeam(
        names,
        new Map([
          ["Team Red", 2],
          ["Team Blue", 1],
          ["Team Green", 1],
        ]),
      ),
    ).toBe("Team Blue");
  });
});
