import { z } from "zod";
import type { Prisma } from "../db/open-database.ts";
import { actorSchema } from "./actor.ts";

export const updateDisplayNameInput = z.object({
  actor: actorSchema.extend({ displayName: z.string().trim().min(1).max(200) }),
});

export type UpdateDisplayNameInput = z.input<typeof updateDisplayNameInput>;

export interface DisplayNameUpdate {
  /** false when the person has never been seen on this platform (nothing to rename) or the name is unchanged. */
  changed: boolean;
  /** Players renamed in games of this platform and tenant that are not over. */
  players: number;
}

/**
 * Stores the name a platform now shows for a person, learned after the fact (Slack's users.info answers
 * after the click that joined them was recorded). Renames their identity; their user too when the
 * user had no name or had this identity's old one (a name given by an LMS roster or another platform
 * stays); and their players in this platform's games that are not over, so the next leaderboard,
 * podium and the results written at the end show it. Finished games keep the names they ended with.
 */
export async function updateDisplayName(
  db: Prisma,
  input: UpdateDisplayNameInput,
): Promise<DisplayNameUpdate> {
  const { platform, tenant, externalId, displayName } = updateDisplayNameInput.parse(input).actor;
  return db.$transaction(async (tx) => {
    const identity = await tx.identity.findUnique({
      where: { platform_tenant_externalId: { platform, tenant, externalId } },
      select: { id: true, userId: true, displayName: true, user: { select: { displayName: true } } },
    });
    if (!identity) return { changed: false, players: 0 };
    const players = await tx.quizPlayer.updateMany({
      where: {
        userId: identity.userId,
        displayName: { not: displayName },
        session: { platform, tenant, state: { notIn: ["FINISHED", "CANCELLED"] } },
      },
      data: { displayName },
    });
    if (identity.displayName === displayName) return { changed: players.count > 0, players: players.count };
    await tx.identity.update({ where: { id: identity.id }, data: { displayName } });
    const userName = identity.user.displayName;
    if (userName === null || userName === identity.displayName)
      await tx.user.update({ where: { id: identity.userId }, data: { displayName } });
    return { changed: true, players: players.count };
  });
}
