import type { Prisma } from "../../db/open-database.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import type { Actor } from "../../people/actor.ts";
import { joinLiveQuiz } from "./join-live-quiz.ts";
import type { LiveSession } from "./live-session.ts";

/** Players remembered at most; past it the memory starts over (a join is then looked up again). */
const PLAYER_CACHE_MAX = 100_000;

/** What a join may know besides the actor: the platform's staff flag and a team the platform suggests. */
export interface JoinHints {
  platformStaff?: boolean;
  teamHint?: string | null;
}

/**
 * Who plays which game: an actor's user id in a session, joining them on their first click. Remembered
 * in the process so a click costs no lookup, and a double click of a newcomer joins once.
 */
export function createPlayerRegistry(db: Prisma) {
  const players = new Map<string, string>();
  const joins = new Map<string, Promise<string>>();
  const keyOf = (sessionId: string, actor: Actor) =>
    `${sessionId}|${actor.platform}|${actor.tenant}|${actor.externalId}`;

  return {
    /** Whether this process already saw the actor in the game. */
    has(sessionId: string, actor: Actor): boolean {
      return players.has(keyOf(sessionId, actor));
    },

    /** The actor's user id in the game, joining them first if they are new to it. */
    async playerId(session: LiveSession, actor: Actor, extra: JoinHints): Promise<string> {
      const key = keyOf(session.id, actor);
      const known = players.get(key);
      if (known) return known;
      // Discord user ids are global (actor tenant ""); a platform that scopes ids by tenant must match.
      if (actor.platform !== session.platform || (actor.tenant !== "" && actor.tenant !== session.tenant))
        throw new AppError(ErrorCode.Forbidden, "actor is not in the quiz's space", {
          userMessage: "This quiz belongs to another workspace.",
        });
      // A double click of a newcomer joins once.
      let joining = joins.get(key);
      if (!joining) {
        joining = joinLiveQuiz(db, session, { actor, ...extra })
          .then(({ userId }) => {
            if (players.size >= PLAYER_CACHE_MAX) players.clear();
            players.set(key, userId);
            return userId;
          })
          .finally(() => joins.delete(key));
        joins.set(key, joining);
      }
      return joining;
    },
  };
}
