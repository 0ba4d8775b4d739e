import { z } from "zod";
import type { Prisma } from "../db/open-database.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";

export const leaderboardHiddenInput = z.object({ actor: actorSchema, hidden: z.boolean() });

/**
 * Hides the person from every course leaderboard, or shows them again. It is the person's own choice,
 * kept with their study settings, so it follows them into every course and every platform they link;
 * their XP, streak and progress card are unchanged and still theirs to see.
 */
export async function setLeaderboardHidden(
  db: Prisma,
  input: z.input<typeof leaderboardHiddenInput>,
): Promise<void> {
  const { actor, hidden } = parseUseCaseInput(leaderboardHiddenInput, input);
  const { userId } = await resolveUser(db, actor);
  await db.studySettings.upsert({
    where: { userId },
    create: { userId, hideFromLeaderboard: hidden },
    update: { hideFromLeaderboard: hidden },
  });
}
