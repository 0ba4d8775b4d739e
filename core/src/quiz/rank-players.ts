/** One player's answers over a game, as needed for the standings. */
export interface PlayerTally {
  userId: string;
  displayName: string;
  team: string | null;
  score: number;
  correct: number;
  partial: number;
  incorrect: number;
  answered: number;
  totalLatencyMs: number;
  creditSum: number;
  bestStreak: number;
}

export interface Standing extends PlayerTally {
  /** Competition ranking: equal scores share a rank ("1, 1, 3"). */
  rank: number;
}

export interface TeamStanding {
  team: string;
  members: number;
  /** The average of the members' scores, so a bigger team has no edge. */
  score: number;
  rank: number;
}

/** Players ordered by score; ties share a rank and are listed by name. */
export function rankPlayers(tallies: PlayerTally[]): Standing[] {
  const sorted = [...tallies].sort((a, b) => b.score - a.score || a.displayName.localeCompare(b.displayName));
  return withRanks(sorted, (t) => t.score);
}

/** Teams ordered by average member score. Players without a team are left out. */
export function rankTeams(tallies: PlayerTally[]): TeamStanding[] {
  const teams = new Map<string, { total: number; members: number }>();
  for (const t of tallies) {
    if (!t.team) continue;
    const entry = teams.get(t.team) ?? { total: 0, members: 0 };
    entry.total += t.score;
    entry.members += 1;
    teams.set(t.team, entry);
  }
  const list = [...teams].map(([team, { total, members }]) => ({
    team,
    members,
    score: Math.round(total / members),
  }));
  list.sort((a, b) => b.score - a.score || a.team.localeCompare(b.team));
  return withRanks(list, (t) => t.score);
}

function withRanks<T>(sorted: T[], score: (item: T) => number): Array<T & { rank: number }> {
  let rank = 0;
  return sorted.map((item, i) => {
    if (i === 0 || score(item) !== score(sorted[i - 1] as T)) rank = i + 1;
    return { ...item, rank };
  });
}

/** The team for a new player in auto mode: the smallest team, the first of equals. */
export function balancedTeam(teamNames: string[], sizes: ReadonlyMap<string, number>): string {
  let best = teamNames[0] as string;
  for (const name of teamNames) if ((sizes.get(name) ?? 0) < (sizes.get(best) ?? 0)) best = name;
  return best;
}

/** Names of auto-balanced teams. */
export function autoTeamNames(count: number): string[] {
  const names = ["Red", "Blue", "Green", "Yellow", "Purple", "Orange", "Teal", "Pink"];
  return names.slice(0, count).map((n) => `Team ${n}`);
}
