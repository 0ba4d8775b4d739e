import { enterSpace, findSpaceCourse, type StudyPlace } from "@studyhall/core";
import type { BotContext } from "../../bot-context.ts";
import type { DiscordPlace } from "../../context/discord-member.ts";

/**
 * Where a study command comes from, in core's terms. In a channel linked to a course the person is
 * entered first (enrolled on first contact, as /ask does), so a student's first command there works;
 * in an unlinked channel or a DM core chooses among their courses, or the one named with `course`.
 */
export async function enterStudyPlace(
  ctx: BotContext,
  place: DiscordPlace,
  course: string | null,
): Promise<StudyPlace> {
  const { db } = ctx.deps;
  if (place.space && (await findSpaceCourse(db, place.space))) {
    await enterSpace(db, { actor: place.actor, space: place.space, platformStaff: place.platformStaff });
  }
  return { actor: place.actor, space: place.space, ...(course ? { course } : {}) };
}
