import { z } from "zod";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { actorSchema } from "../people/actor.ts";
import { deliverStudyGuide } from "./deliver-study-guide.ts";
import { courseNotFound, studyMember } from "./study-access.ts";
import type { StudyGuideSummary, StudyGuideView } from "./study-guide-types.ts";
import { toStudyGuideSummary } from "./study-guide-view.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Guides a list shows; older ones stay stored and are found by id or title. */
const LIST_LIMIT = 50;

export const listStudyGuidesInput = z.object({ actor: actorSchema, courseId: z.uuid() });
export const findStudyGuideInput = listStudyGuidesInput.extend({ guide: z.string().trim().min(1).max(300) });

const malformedCourse = { courseId: () => courseNotFound("malformed") };

/**
 * The course's study guides, newest first (the numbers `findStudyGuide` takes), for anyone in the
 * course: guides are kept for everyone to reuse. Failed guides are listed too, so a person sees why.
 */
export async function listStudyGuides(
  db: Prisma,
  input: z.input<typeof listStudyGuidesInput>,
): Promise<StudyGuideSummary[]> {
  const { actor, courseId } = parseUseCaseInput(listStudyGuidesInput, input, malformedCourse);
  await studyMember(db, actor, courseId);
  const rows = await db.studyGuide.findMany({
    where: { courseId },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: LIST_LIMIT,
  });
  return rows.map(toStudyGuideSummary);
}

/**
 * One guide of the course: `guide` is its id, the 1-based number {@link listStudyGuides} shows, or its
 * title (case-insensitive, the newest of that title). NotFound otherwise, and for another course's.
 * A READY guide found is being read: the reader earns its GUIDE_READ XP (once per guide).
 */
export async function findStudyGuide(
  db: Prisma,
  input: z.input<typeof findStudyGuideInput>,
  options: { now?: Date } = {},
): Promise<StudyGuideView> {
  const { actor, courseId, guide } = parseUseCaseInput(findStudyGuideInput, input, malformedCourse);
  const { userId } = await studyMember(db, actor, courseId);
  const number = /^\d{1,3}$/.test(guide) ? Number(guide) : null;
  const row = UUID.test(guide)
    ? await db.studyGuide.findFirst({ where: { id: guide, courseId } })
    : number !== null
      ? ((
          await db.studyGuide.findMany({
            where: { courseId },
            orderBy: [{ createdAt: "desc" }, { id: "asc" }],
            skip: number - 1,
            take: 1,
          })
        )[0] ?? null)
      : await db.studyGuide.findFirst({
          where: { courseId, title: { equals: guide, mode: "insensitive" } },
          orderBy: { createdAt: "desc" },
        });
  if (!row || (number !== null && number < 1))
    throw new AppError(ErrorCode.NotFound, "study guide not found", {
      userMessage: `No study guide "${guide}" in this course. \`guides\` lists them with their numbers.`,
    });
  return deliverStudyGuide(db, { row, readerId: userId, now: options.now ?? new Date() });
}
