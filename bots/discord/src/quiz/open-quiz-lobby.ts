import type { Actor, QuizOptionsLayer, SpaceRef, StudyHallDeps } from "@studyhall/core";

/** Who opens a live quiz's lobby where, and the game's settings (as `/quiz start` reads them). */
export interface QuizLobbyRequest {
  actor: Actor;
  space: SpaceRef;
  /** Manage Server or the staff role, as Discord told it; false where nobody is there to ask (a job). */
  platformStaff: boolean;
  /** A quiz id, or words of an approved quiz's title; the newest approved quiz when left out. */
  quiz?: string;
  questions?: number;
  seconds?: number;
  options?: QuizOptionsLayer;
}

/**
 * The one way a live quiz starts on Discord, for `/quiz start` and a study session's quiz: core's
 * engine opens the lobby (who may host, one game per channel) and Discord's quiz board, registered with
 * the engine when the front end was created, posts the game message in the channel.
 */
export function openQuizLobby(deps: StudyHallDeps, request: QuizLobbyRequest) {
  return deps.quiz.engine.start(request);
}
