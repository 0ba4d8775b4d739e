import { type Actor, displayNameOf, rsvpByAnnouncement } from "@studyhall/core";
import type { User } from "discord.js";
import type { BotContext } from "../bot-context.ts";

/**
 * Someone clicked Interested on a Guild Scheduled Event (or took it back): core records it as GOING
 * (or clears the answer) when the event announces one of our study sessions, and ignores events it did
 * not make. The user may be a partial (an id only) when Discord's dispatch named someone not cached.
 */
export async function scheduledEventInterest(
  ctx: BotContext,
  input: { guildId: string; eventId: string; user: User; interested: boolean },
): Promise<void> {
  const { guildId, eventId, user, interested } = input;
  const log = ctx.logger.child({ tenant: guildId, eventId, userId: user.id });
  try {
    const displayName = user.partial
      ? null
      : displayNameOf({ displayName: user.globalName, username: user.username });
    const actor: Actor = {
      platform: "DISCORD",
      tenant: "",
      externalId: user.id,
      ...(displayName ? { displayName } : {}),
    };
    const session = await rsvpByAnnouncement(ctx.deps, {
      actor,
      platform: "DISCORD",
      tenant: guildId,
      ref: eventId,
      choice: interested ? "GOING" : null,
    });
    log.info({ sessionId: session?.id ?? null, interested }, "scheduled event interest");
  } catch (error) {
    // Nobody is waiting for an answer to a gateway event: the failure is only logged.
    log.error({ err: error }, "scheduled event interest failed");
  }
}
