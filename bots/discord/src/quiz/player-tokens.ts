/**
 * Each player's latest interaction token per game, kept in memory. An ephemeral message can only be
 * sent through a live interaction token (15 minutes), so the game's end sends each player their result
 * as a follow-up to their last click; a player whose token is gone (or who clicked in another process)
 * gets nothing pushed and uses the podium's "My result" button instead.
 */
export interface PlayerTokens {
  /** Remembers `token` as the player's latest for the game (an older one is replaced). */
  remember(sessionId: string, userId: string, token: string, createdAt: number): void;
  /** The player's token if it may still be used at `now`. */
  fresh(sessionId: string, userId: string, now?: number): string | null;
  /** Drops a finished game's tokens. */
  forget(sessionId: string): void;
  /** Tokens held (for tests and logs). */
  readonly size: number;
}

/** Prune expired tokens after this many new ones, so games that never finish do not pile up. */
const PRUNE_EVERY = 5_000;

export function createPlayerTokens(lifetimeMs: number): PlayerTokens {
  const games = new Map<string, Map<string, { token: string; createdAt: number }>>();
  let size = 0;
  let sincePrune = 0;

  const prune = (now: number) => {
    for (const [sessionId, players] of games) {
      for (const [userId, held] of players) {
        if (now - held.createdAt >= lifetimeMs) {
          players.delete(userId);
          size--;
        }
      }
      if (players.size === 0) games.delete(sessionId);
    }
  };

  return {
    remember(sessionId, userId, token, createdAt) {
      let players = games.get(sessionId);
      if (!players) {
        players = new Map();
        games.set(sessionId, players);
      }
      const held = players.get(userId);
      if (held && held.createdAt > createdAt) return;
      if (!held) size++;
      players.set(userId, { token, createdAt });
      if (++sincePrune >= PRUNE_EVERY) {
        sincePrune = 0;
        prune(Date.now());
      }
    },
    fresh(sessionId, userId, now = Date.now()) {
      const held = games.get(sessionId)?.get(userId);
      return held && now - held.createdAt < lifetimeMs ? held.token : null;
    },
    forget(sessionId) {
      size -= games.get(sessionId)?.size ?? 0;
      games.delete(sessionId);
    },
    get size() {
      return size;
    },
  };
}
