import type { RepliableInteraction } from "discord.js";
import type { InteractionScope } from "./command-scope.ts";

/**
 * Keeps the clicker's newest interaction token for a game: when it ends, their result is sent through
 * it as an ephemeral follow-up (see createPlayerTokens).
 */
export function rememberQuizToken(scope: InteractionScope<RepliableInteraction>, sessionId: string): void {
  scope.ctx.quizTokens.remember(
    sessionId,
    scope.place.actor.externalId,
    scope.interaction.token,
    scope.interaction.createdTimestamp,
  );
}
