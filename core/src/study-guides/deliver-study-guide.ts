import type { StudyGuide } from "../db/generated/client.ts";
import type { Prisma } from "../db/open-database.ts";
import { awardXp } from "../progress/award-xp.ts";
import { xpFor } from "../progress/xp-rules.ts";
import type { StudyGuideView } from "./study-guide-types.ts";
import { toStudyGuideView } from "./study-guide-view.ts";

/**
 * A guide as handed to one reader, in chat or on the LMS page: the view, and for a READY guide the
 * reader's GUIDE_READ XP (once per guide, however often it is opened or downloaded). A guide still
 * being written, or one that failed, has nothing to read and earns nothing.
 */
export async function deliverStudyGuide(
  db: Prisma,
  input: { row: StudyGuide; readerId: string; now: Date; reused?: boolean },
): Promise<StudyGuideView> {
  const { row, readerId, now, reused = false } = input;
  if (row.status === "READY") {
    await awardXp(db, [
      {
        userId: readerId,
        courseId: row.courseId,
        kind: "GUIDE_READ",
        sourceKey: row.id,
        points: xpFor("GUIDE_READ"),
        occurredAt: now,
      },
    ]);
  }
  return toStudyGuideView(row, reused);
}
